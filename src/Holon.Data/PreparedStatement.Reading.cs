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
        if (raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_NULL) return true;
        _notNullOrdinal = ordinal;
        return false;
    }

    /// <summary>Reads an integer (SQLite converts REAL and TEXT as it does for <c>sqlite3_column_int64</c>).</summary>
    public long GetInt64(int ordinal)
    {
        NotNull(ordinal, "Int64");
        return raw.sqlite3_column_int64(_stmt, ordinal);
    }

    /// <summary>Reads a floating-point number.</summary>
    public double GetDouble(int ordinal)
    {
        NotNull(ordinal, "Double");
        return raw.sqlite3_column_double(_stmt, ordinal);
    }

    /// <summary>Reads text.</summary>
    public string GetString(int ordinal)
    {
        NotNull(ordinal, "String");
        return SqliteText.Decode(raw.sqlite3_column_blob(_stmt, ordinal));
    }

    /// <summary>Reads a BLOB into a new array.</summary>
    public byte[] GetBlob(int ordinal)
    {
        NotNull(ordinal, "Byte[]");
        return raw.sqlite3_column_blob(_stmt, ordinal).ToArray();
    }

    /// <summary>The BLOB's bytes without copying; valid only until the next <see cref="Step"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> GetBlobSpan(int ordinal)
    {
        NotNull(ordinal, "Byte[]");
        return raw.sqlite3_column_blob(_stmt, ordinal);
    }

    /// <summary>Reads an INTEGER as a boolean (non-zero is true).</summary>
    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    /// <summary>Reads a byte; values out of range throw <see cref="OverflowException"/>.</summary>
    public byte GetByte(int ordinal) { long v = GetInt64(ordinal); return v is >= byte.MinValue and <= byte.MaxValue ? (byte)v : throw Overflow(ordinal, v, "Byte"); }

    /// <summary>Reads a signed byte; values out of range throw <see cref="OverflowException"/>.</summary>
    public sbyte GetSByte(int ordinal) { long v = GetInt64(ordinal); return v is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)v : throw Overflow(ordinal, v, "SByte"); }

    /// <summary>Reads a 16-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public short GetInt16(int ordinal) { long v = GetInt64(ordinal); return v is >= short.MinValue and <= short.MaxValue ? (short)v : throw Overflow(ordinal, v, "Int16"); }

    /// <summary>Reads an unsigned 16-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public ushort GetUInt16(int ordinal) { long v = GetInt64(ordinal); return v is >= ushort.MinValue and <= ushort.MaxValue ? (ushort)v : throw Overflow(ordinal, v, "UInt16"); }

    /// <summary>Reads a 32-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public int GetInt32(int ordinal) => ToInt32(ordinal, GetInt64(ordinal));

    private int ToInt32(int ordinal, long v) => v is >= int.MinValue and <= int.MaxValue ? (int)v : throw Overflow(ordinal, v, "Int32");

    /// <summary>Reads an unsigned 32-bit integer; values out of range throw <see cref="OverflowException"/>.</summary>
    public uint GetUInt32(int ordinal) { long v = GetInt64(ordinal); return v is >= uint.MinValue and <= uint.MaxValue ? (uint)v : throw Overflow(ordinal, v, "UInt32"); }

    /// <summary>Reads an unsigned 64-bit integer stored as its two's-complement INTEGER (Microsoft.Data.Sqlite's convention).</summary>
    public ulong GetUInt64(int ordinal) => unchecked((ulong)GetInt64(ordinal));

    /// <summary>Reads a single-precision number.</summary>
    public float GetSingle(int ordinal) => (float)GetDouble(ordinal);

    /// <summary>Reads a decimal from TEXT (or a number) in invariant culture.</summary>
    public decimal GetDecimal(int ordinal)
    {
        NotNull(ordinal, "Decimal");
        var utf8 = raw.sqlite3_column_blob(_stmt, ordinal);
        if (decimal.TryParse(utf8, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)) return value;
        throw BadFormat(ordinal, "Decimal");
    }

    /// <summary>Reads a char: one-character TEXT, or an INTEGER code unit.</summary>
    public char GetChar(int ordinal)
    {
        NotNull(ordinal, "Char");
        if (raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_TEXT)
        {
            Span<char> chars = stackalloc char[4];
            var utf8 = raw.sqlite3_column_blob(_stmt, ordinal);
            if (utf8.Length <= 4 && SqliteText.DecodeLenient(utf8, chars) == 1) return chars[0];
            throw BadFormat(ordinal, "Char");
        }

        long v = raw.sqlite3_column_int64(_stmt, ordinal);
        return v is >= char.MinValue and <= char.MaxValue ? (char)v : throw Overflow(ordinal, v, "Char");
    }

    /// <summary>Reads a GUID from TEXT, or from a 16-byte BLOB.</summary>
    public Guid GetGuid(int ordinal)
    {
        NotNull(ordinal, "Guid");
        var utf8 = raw.sqlite3_column_blob(_stmt, ordinal);
        if (raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_BLOB && utf8.Length == 16) return new Guid(utf8);
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
        if (IsNumeric(ordinal)) return Julian.ToDateTime(raw.sqlite3_column_double(_stmt, ordinal));
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && DateTime.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var v)) return v;
        throw BadFormat(ordinal, "DateTime");
    }

    /// <summary>Reads a DateTimeOffset from TEXT (ISO-8601; text without an offset is taken as UTC) or a REAL/INTEGER Julian day number (UTC).</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal)
    {
        NotNull(ordinal, "DateTimeOffset");
        if (IsNumeric(ordinal)) return new DateTimeOffset(Julian.ToDateTime(raw.sqlite3_column_double(_stmt, ordinal)), TimeSpan.Zero);
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && DateTimeOffset.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)) return v;
        throw BadFormat(ordinal, "DateTimeOffset");
    }

    /// <summary>Reads a DateOnly from TEXT (<c>yyyy-MM-dd</c>) or a REAL/INTEGER Julian day number.</summary>
    public DateOnly GetDateOnly(int ordinal)
    {
        NotNull(ordinal, "DateOnly");
        if (IsNumeric(ordinal)) return DateOnly.FromDateTime(Julian.ToDateTime(raw.sqlite3_column_double(_stmt, ordinal)));
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && DateOnly.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.None, out var v)) return v;
        throw BadFormat(ordinal, "DateOnly");
    }

    /// <summary>Reads a TimeOnly from TEXT (<c>HH:mm:ss[.fffffff]</c>) or a REAL/INTEGER Julian day number (its time of day).</summary>
    public TimeOnly GetTimeOnly(int ordinal)
    {
        NotNull(ordinal, "TimeOnly");
        if (IsNumeric(ordinal)) return TimeOnly.FromDateTime(Julian.ToDateTime(raw.sqlite3_column_double(_stmt, ordinal)));
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && TimeOnly.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.None, out var v)) return v;
        throw BadFormat(ordinal, "TimeOnly");
    }

    /// <summary>Reads a TimeSpan from TEXT (<c>[d.]hh:mm:ss[.fffffff]</c>) or a REAL/INTEGER number of days.</summary>
    public TimeSpan GetTimeSpan(int ordinal)
    {
        NotNull(ordinal, "TimeSpan");
        if (IsNumeric(ordinal)) return TimeSpan.FromDays(raw.sqlite3_column_double(_stmt, ordinal));
        Span<char> chars = stackalloc char[64];
        if (TryChars(ordinal, chars, out int n) && TimeSpan.TryParse(chars[..n], CultureInfo.InvariantCulture, out var v)) return v;
        throw BadFormat(ordinal, "TimeSpan");
    }

    private bool IsNumeric(int ordinal)
    {
        int type = raw.sqlite3_column_type(_stmt, ordinal);
        return type is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER;
    }

    private bool TryChars(int ordinal, Span<char> chars, out int count)
    {
        var utf8 = raw.sqlite3_column_blob(_stmt, ordinal);
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
        if (ordinal != _notNullOrdinal && raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_NULL) ThrowNullRead(ordinal, type);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNullRead(int ordinal, string type)
    {
        CheckOrdinal(ordinal);
        throw new InvalidCastException($"Column '{SafeColumnName(ordinal)}' is NULL; it cannot be read as {type} (check IsNull first). {Origin}. SQL: {Sql}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OverflowException Overflow(int ordinal, long value, string type)
        => new($"Column '{SafeColumnName(ordinal)}' holds {value.ToString(CultureInfo.InvariantCulture)}, which does not fit {type}. {Origin}. SQL: {Sql}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException BadFormat(int ordinal, string type)
    {
        var text = SqliteText.Decode(raw.sqlite3_column_blob(_stmt, ordinal));
        if (text.Length > 80) text = text[..80] + "…";
        return new FormatException($"Column '{SafeColumnName(ordinal)}' holds '{text}', which is not a valid {type}. {Origin}. SQL: {Sql}");
    }
}
