using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

// Single-call readers for generated code. Text is read first and its type asked only when it is empty (SQLite turns
// NULL into exactly that). Numbers ask the storage class first, once: it tells NULL, and it tells values SQLite would
// silently turn into 0 or truncate (see PreparedStatement.Conversion.cs). Either way a column costs the same native
// calls as `IsNull(o) ? … : GetX(o)` at most. Results and errors are the same as that pattern's.
public sealed partial class PreparedStatement
{
    /// <summary>Reads text; NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    public string GetRequiredString(int ordinal, string member)
    {
        EnsureInUse();
        var utf8 = NativeColumnBytes(ordinal);
        if (utf8.IsEmpty && IsNullType(ordinal)) throw NullColumn(ordinal, member);
        return SqliteText.Decode(utf8);
    }

    /// <summary>Reads text, or null for NULL.</summary>
    public string? GetStringOrNull(int ordinal)
    {
        EnsureInUse();
        var utf8 = NativeColumnBytes(ordinal);
        if (utf8.IsEmpty && IsNullType(ordinal)) return null;
        return SqliteText.Decode(utf8);
    }

    /// <summary>Reads an integer (strictly, as <see cref="GetInt64"/>); NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL, or holds a value that is not an integer.</exception>
    public long GetRequiredInt64(int ordinal, string member) => Int64(ordinal, member, "Int64");

    /// <summary>Reads an integer (strictly, as <see cref="GetInt64"/>), or null for NULL.</summary>
    /// <exception cref="InvalidCastException">The column holds a value that is not an integer.</exception>
    public long? GetInt64OrNull(int ordinal) => Int64OrNull(ordinal, null, "Int64");

    /// <summary>Reads an integer (strictly, as <see cref="GetInt64"/>), or null for NULL; errors name <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column holds a value that is not an integer.</exception>
    public long? GetInt64OrNull(int ordinal, string member) => Int64OrNull(ordinal, member, "Int64");

    /// <summary>Reads a 32-bit integer (checked as <see cref="GetInt32"/>); NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL, or holds a value that is not an integer.</exception>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public int GetRequiredInt32(int ordinal, string member) => ToInt32(ordinal, Int64(ordinal, member, "Int32"));

    /// <summary>Reads a 32-bit integer (checked as <see cref="GetInt32"/>), or null for NULL.</summary>
    /// <exception cref="InvalidCastException">The column holds a value that is not an integer.</exception>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public int? GetInt32OrNull(int ordinal) => Int64OrNull(ordinal, null, "Int32") is { } v ? ToInt32(ordinal, v) : null;

    /// <summary>Reads a 32-bit integer (checked as <see cref="GetInt32"/>), or null for NULL; errors name <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column holds a value that is not an integer.</exception>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public int? GetInt32OrNull(int ordinal, string member) => Int64OrNull(ordinal, member, "Int32") is { } v ? ToInt32(ordinal, v) : null;

    /// <summary>Reads an integer as a boolean (non-zero is true; TEXT such as <c>'true'</c> throws); NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL, or holds a value that is not an integer.</exception>
    public bool GetRequiredBoolean(int ordinal, string member) => Int64(ordinal, member, "Boolean") != 0;

    /// <summary>Reads an integer as a boolean (non-zero is true; TEXT such as <c>'true'</c> throws), or null for NULL.</summary>
    /// <exception cref="InvalidCastException">The column holds a value that is not an integer.</exception>
    public bool? GetBooleanOrNull(int ordinal) => Int64OrNull(ordinal, null, "Boolean") is { } v ? v != 0 : null;

    /// <summary>Reads an integer as a boolean, or null for NULL; errors name <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column holds a value that is not an integer.</exception>
    public bool? GetBooleanOrNull(int ordinal, string member) => Int64OrNull(ordinal, member, "Boolean") is { } v ? v != 0 : null;

    /// <summary>Reads a floating-point number (strictly, as <see cref="GetDouble"/>); NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL, BLOB, or TEXT that is not a number.</exception>
    public double GetRequiredDouble(int ordinal, string member) => Double(ordinal, member, "Double");

    /// <summary>Reads a floating-point number (strictly, as <see cref="GetDouble"/>), or null for NULL.</summary>
    /// <exception cref="InvalidCastException">The column is BLOB, or TEXT that is not a number.</exception>
    public double? GetDoubleOrNull(int ordinal) => DoubleOrNull(ordinal, null);

    /// <summary>Reads a floating-point number, or null for NULL; errors name <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is BLOB, or TEXT that is not a number.</exception>
    public double? GetDoubleOrNull(int ordinal, string member) => DoubleOrNull(ordinal, member);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long? Int64OrNull(int ordinal, string? member, string target)
    {
        EnsureInUse();
        int type = NativeColumnTypeAndInt64(ordinal, out long value);
        if (type == raw.SQLITE_INTEGER) return value;
        if (type == raw.SQLITE_NULL) return null;
        return ConvertInt64(ordinal, type, member, target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double? DoubleOrNull(int ordinal, string? member)
    {
        EnsureInUse();
        int type = NativeColumnType(ordinal);
        if (type is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER) return NativeColumnDouble(ordinal);
        if (type == raw.SQLITE_NULL) return null;
        return ConvertDouble(ordinal, type, member, "Double");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IsNullType(int ordinal) => NativeColumnType(ordinal) == raw.SQLITE_NULL;
}
