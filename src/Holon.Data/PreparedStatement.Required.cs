using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

// Single-call readers for generated code: each reads the value first and asks for the column's type only when
// the value is ambiguous (empty text/BLOB, a zero number), because SQLite converts NULL to exactly those. On a
// typical row that saves the separate IsNull call (a native call per column) of `IsNull(o) ? … : GetX(o)`.
// Results and errors are the same as that pattern's.
public sealed partial class PreparedStatement
{
    /// <summary>Reads text; NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    public string GetRequiredString(int ordinal, string member)
    {
        EnsureInUse();
        var utf8 = raw.sqlite3_column_blob(_stmt, ordinal);
        if (utf8.IsEmpty && IsNullType(ordinal)) throw NullColumn(ordinal, member);
        return SqliteText.Decode(utf8);
    }

    /// <summary>Reads text, or null for NULL.</summary>
    public string? GetStringOrNull(int ordinal)
    {
        EnsureInUse();
        var utf8 = raw.sqlite3_column_blob(_stmt, ordinal);
        if (utf8.IsEmpty && IsNullType(ordinal)) return null;
        return SqliteText.Decode(utf8);
    }

    /// <summary>Reads an integer; NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    public long GetRequiredInt64(int ordinal, string member)
    {
        EnsureInUse();
        long v = raw.sqlite3_column_int64(_stmt, ordinal);
        if (v == 0 && IsNullType(ordinal)) throw NullColumn(ordinal, member);
        return v;
    }

    /// <summary>Reads an integer, or null for NULL.</summary>
    public long? GetInt64OrNull(int ordinal)
    {
        EnsureInUse();
        long v = raw.sqlite3_column_int64(_stmt, ordinal);
        if (v == 0 && IsNullType(ordinal)) return null;
        return v;
    }

    /// <summary>Reads a 32-bit integer (checked as <see cref="GetInt32"/>); NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public int GetRequiredInt32(int ordinal, string member) => ToInt32(ordinal, GetRequiredInt64(ordinal, member));

    /// <summary>Reads a 32-bit integer (checked as <see cref="GetInt32"/>), or null for NULL.</summary>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public int? GetInt32OrNull(int ordinal) => GetInt64OrNull(ordinal) is { } v ? ToInt32(ordinal, v) : null;

    /// <summary>Reads an INTEGER as a boolean (non-zero is true); NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    public bool GetRequiredBoolean(int ordinal, string member) => GetRequiredInt64(ordinal, member) != 0;

    /// <summary>Reads an INTEGER as a boolean (non-zero is true), or null for NULL.</summary>
    public bool? GetBooleanOrNull(int ordinal) => GetInt64OrNull(ordinal) is { } v ? v != 0 : null;

    /// <summary>Reads a floating-point number; NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.</summary>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    public double GetRequiredDouble(int ordinal, string member)
    {
        EnsureInUse();
        double v = raw.sqlite3_column_double(_stmt, ordinal);
        if (v == 0 && IsNullType(ordinal)) throw NullColumn(ordinal, member);
        return v;
    }

    /// <summary>Reads a floating-point number, or null for NULL.</summary>
    public double? GetDoubleOrNull(int ordinal)
    {
        EnsureInUse();
        double v = raw.sqlite3_column_double(_stmt, ordinal);
        if (v == 0 && IsNullType(ordinal)) return null;
        return v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IsNullType(int ordinal) => raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_NULL;
}
