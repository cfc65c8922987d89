using System.Globalization;
using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

public sealed partial class PreparedStatement
{
    /// <summary>True when the column of the current row is NULL.</summary>
    public bool IsNull(int ordinal)
    {
        EnsureInUse();
        int type = NativeColumnType(ordinal);
        if (type == raw.SQLITE_NULL) return true;
        _notNullOrdinal = ordinal;
        _notNullType = type;
        return false;
    }

    /// <summary>
    /// Reads an integer: INTEGER, REAL without a fraction, or TEXT holding exactly an integer (<c>'42'</c>).
    /// Anything else throws instead of reading as SQLite's 0 or truncated value.
    /// </summary>
    /// <exception cref="InvalidCastException">NULL, or a value that is not an integer; the message names column, member, method and value.</exception>
    public long GetInt64(int ordinal) => Int64(ordinal, null, "Int64");

    /// <summary>Reads a floating-point number: REAL, INTEGER, or TEXT holding exactly a number (<c>'2.5'</c>).</summary>
    /// <exception cref="InvalidCastException">NULL, BLOB, or TEXT that is not a number.</exception>
    public double GetDouble(int ordinal) => Double(ordinal, null, "Double");

    /// <summary>Reads text.</summary>
    public string GetString(int ordinal)
    {
        NotNull(ordinal, "String");
        return SqliteText.Decode(NativeColumnBytes(ordinal));
    }

    /// <summary>Reads a BLOB into a new array.</summary>
    public byte[] GetBlob(int ordinal)
    {
        NotNull(ordinal, "Byte[]");
        return NativeColumnBytes(ordinal).ToArray();
    }

    /// <summary>The BLOB's bytes without copying; valid only until the next <see cref="Step"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> GetBlobSpan(int ordinal)
    {
        NotNull(ordinal, "Byte[]");
        return NativeColumnBytes(ordinal);
    }

    /// <summary>Reads an integer (as <see cref="GetInt64"/>) as a boolean: non-zero is true. TEXT such as <c>'true'</c> throws.</summary>
    public bool GetBoolean(int ordinal) => Int64(ordinal, null, "Boolean") != 0;

    /// <summary>Reads a byte; values out of range throw <see cref="OverflowException"/>.</summary>
    public byte GetByte(int ordinal) { long v = Int64(ordinal, null, "Byte"); return v is >= byte.MinValue and <= byte.MaxValue ? (byte)v : throw Overflow(ordinal, v, "Byte"); }

    /// <summary>Reads a signed byte; values out of range throw <see cref="OverflowException"/>.</summary>
    public sbyte GetSByte(int ordinal) { long v = Int64(ordinal, null, "SByte"); return v is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)v : throw Overflow(ordinal, v, "SByte"); }

    /// <summary>Reads a 16-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public short GetInt16(int ordinal) { long v = Int64(ordinal, null, "Int16"); return v is >= short.MinValue and <= short.MaxValue ? (short)v : throw Overflow(ordinal, v, "Int16"); }

    /// <summary>Reads an unsigned 16-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public ushort GetUInt16(int ordinal) { long v = Int64(ordinal, null, "UInt16"); return v is >= ushort.MinValue and <= ushort.MaxValue ? (ushort)v : throw Overflow(ordinal, v, "UInt16"); }

    /// <summary>Reads a 32-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public int GetInt32(int ordinal) => ToInt32(ordinal, Int64(ordinal, null, "Int32"));

    private int ToInt32(int ordinal, long v) => v is >= int.MinValue and <= int.MaxValue ? (int)v : throw Overflow(ordinal, v, "Int32");

    /// <summary>Reads an unsigned 32-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public uint GetUInt32(int ordinal) { long v = Int64(ordinal, null, "UInt32"); return v is >= uint.MinValue and <= uint.MaxValue ? (uint)v : throw Overflow(ordinal, v, "UInt32"); }

    /// <summary>Reads an unsigned 64-bit integer stored as its two's-complement INTEGER (Microsoft.Data.Sqlite's convention).</summary>
    public ulong GetUInt64(int ordinal) => unchecked((ulong)Int64(ordinal, null, "UInt64"));

    /// <summary>Reads a single-precision number.</summary>
    public float GetSingle(int ordinal) => (float)Double(ordinal, null, "Single");

    /// <summary>Reads a decimal from TEXT (or a number) in invariant culture.</summary>
    public decimal GetDecimal(int ordinal)
    {
        NotNull(ordinal, "Decimal");
        var utf8 = NativeColumnBytes(ordinal);
        if (decimal.TryParse(utf8, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)) return value;
        throw BadFormat(ordinal, "Decimal");
    }

    /// <summary>Reads a char: one-character TEXT, or an INTEGER code unit.</summary>
    public char GetChar(int ordinal)
    {
        NotNull(ordinal, "Char");
        if (NativeColumnType(ordinal) == raw.SQLITE_TEXT)
        {
            Span<char> chars = stackalloc char[4];
            var utf8 = NativeColumnBytes(ordinal);
            if (utf8.Length <= 4 && SqliteText.DecodeLenient(utf8, chars) == 1) return chars[0];
            throw NotConvertible(ordinal, raw.SQLITE_TEXT, null, "Char");
        }

        long v = Int64(ordinal, null, "Char");
        return v is >= char.MinValue and <= char.MaxValue ? (char)v : throw Overflow(ordinal, v, "Char");
    }

    /// <summary>Reads a GUID from TEXT, or from a 16-byte BLOB.</summary>
    public Guid GetGuid(int ordinal)
    {
        NotNull(ordinal, "Guid");
        var utf8 = NativeColumnBytes(ordinal);
        if (NativeColumnType(ordinal) == raw.SQLITE_BLOB && utf8.Length == 16) return new Guid(utf8);
        Span<char> chars = stackalloc char[68];
        if (utf8.Length <= chars.Length && Guid.TryParse(chars[..SqliteText.DecodeLenient(utf8, chars)], out var g)) return g;
        throw BadFormat(ordinal, "Guid");
    }

    /// <summary>
    /// Reads a DateTime from TEXT (ISO-8601) or a REAL/INTEGER Julian day number. Text with an offset or <c>Z</c>
    /// comes back as UTC (<see cref="DateTimeKind.Utc"/>), text without as <see cref="DateTimeKind.Unspecified"/>,
    /// as Microsoft.Data.Sqlite 10 reads it.
    /// </summary>
    public DateTime GetDateTime(int ordinal)
    {
        NotNull(ordinal, "DateTime");
        if (IsNumeric(ordinal)) return JulianDateTime(ordinal, "DateTime");
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && DateTime.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var v)) return v;
        throw BadFormat(ordinal, "DateTime");
    }

    /// <summary>Reads a DateTimeOffset from TEXT (ISO-8601; text without an offset is taken as UTC) or a REAL/INTEGER Julian day number (UTC).</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal)
    {
        NotNull(ordinal, "DateTimeOffset");
        if (IsNumeric(ordinal)) return new DateTimeOffset(JulianDateTime(ordinal, "DateTimeOffset"), TimeSpan.Zero);
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && DateTimeOffset.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)) return v;
        throw BadFormat(ordinal, "DateTimeOffset");
    }

    /// <summary>Reads a DateOnly from TEXT (<c>yyyy-MM-dd</c>) or a REAL/INTEGER Julian day number.</summary>
    public DateOnly GetDateOnly(int ordinal)
    {
        NotNull(ordinal, "DateOnly");
        if (IsNumeric(ordinal)) return DateOnly.FromDateTime(JulianDateTime(ordinal, "DateOnly"));
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && DateOnly.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.None, out var v)) return v;
        throw BadFormat(ordinal, "DateOnly");
    }

    /// <summary>Reads a TimeOnly from TEXT (<c>HH:mm:ss[.fffffff]</c>) or a REAL/INTEGER Julian day number (its time of day).</summary>
    public TimeOnly GetTimeOnly(int ordinal)
    {
        NotNull(ordinal, "TimeOnly");
        if (IsNumeric(ordinal)) return TimeOnly.FromDateTime(JulianDateTime(ordinal, "TimeOnly"));
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && TimeOnly.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.None, out var v)) return v;
        throw BadFormat(ordinal, "TimeOnly");
    }

    /// <summary>Reads a TimeSpan from TEXT (<c>[d.]hh:mm:ss[.fffffff]</c>) or a REAL/INTEGER number of days.</summary>
    public TimeSpan GetTimeSpan(int ordinal)
    {
        NotNull(ordinal, "TimeSpan");
        if (IsNumeric(ordinal))
        {
            double days = NativeColumnDouble(ordinal);
            if (Math.Abs(days) < TimeSpan.MaxValue.TotalDays) return TimeSpan.FromDays(days);
            throw JulianOutOfRange(ordinal, "TimeSpan (a number of days)");
        }

        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && TimeSpan.TryParse(chars[..n], CultureInfo.InvariantCulture, out var v)) return v;
        throw BadFormat(ordinal, "TimeSpan");
    }

    private bool IsNumeric(int ordinal)
    {
        int type = NativeColumnType(ordinal);
        return type is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER;
    }

    private bool TryChars(int ordinal, Span<char> chars, out int count)
    {
        var utf8 = NativeColumnBytes(ordinal);
        if (utf8.Length > chars.Length)
        {
            count = 0;
            return false;
        }

        count = SqliteText.DecodeLenient(utf8, chars);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NotNull(int ordinal, string type)
    {
        EnsureInUse();
        // IsNull(ordinal) just answered false on this row (the generated `IsNull(o) ? … : GetX(o)`): one check is enough.
        if (ordinal != _notNullOrdinal && NativeColumnType(ordinal) == raw.SQLITE_NULL) ThrowNullRead(ordinal, type);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNullRead(int ordinal, string type)
    {
        CheckOrdinal(ordinal);
        throw new InvalidCastException($"Column '{SafeColumnName(ordinal)}' is NULL; it cannot be read as {type} (check IsNull first). {Origin}. SQL: {Sql}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OverflowException Overflow(int ordinal, long value, string type)
        => new($"{Where(ordinal, null)} holds {value.ToString(CultureInfo.InvariantCulture)}, which does not fit {type}. SQL: {Sql}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException BadFormat(int ordinal, string type)
        => new($"{Where(ordinal, null)} holds {Value(ordinal, NativeColumnType(ordinal))}, which is not a valid {type}. SQL: {Sql}");
}
