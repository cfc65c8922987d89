namespace Holon.Data;

/// <summary>
/// A <see cref="DateTimeOffset"/> stored as INTEGER: its UTC ticks (100 ns since 0001-01-01 UTC). Integers compare
/// and sort as the instants do, whatever the offsets, which TEXT storage does not. Reads come back with offset zero.
/// </summary>
public sealed class DateTimeOffsetAsUtcTicks : ISqlConverter<DateTimeOffset, long>
{
    /// <inheritdoc />
    public static long ToStore(DateTimeOffset value) => value.UtcTicks;

    /// <inheritdoc />
    public static DateTimeOffset FromStore(long value) => new(value, TimeSpan.Zero);
}

/// <summary>
/// A <see cref="DateTimeOffset"/> stored as INTEGER: Unix milliseconds (since 1970-01-01 UTC; sub-millisecond digits are
/// dropped). Integers compare and sort as the instants do. Reads come back with offset zero.
/// </summary>
public sealed class DateTimeOffsetAsUnixMilliseconds : ISqlConverter<DateTimeOffset, long>
{
    /// <inheritdoc />
    public static long ToStore(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public static DateTimeOffset FromStore(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}

/// <summary>
/// A <see cref="Guid"/> stored as a 16-byte BLOB in big-endian (RFC 9562) byte order, the order of its text form:
/// byte-wise comparison (SQLite's BLOB order, PostgreSQL's bytea order) is then the order of
/// <see cref="Guid.CompareTo(Guid)"/>, so version 7 Guids sort by creation time.
/// </summary>
public sealed class GuidAsBlob : ISqlConverter<Guid, byte[]>
{
    /// <inheritdoc />
    public static byte[] ToStore(Guid value) => value.ToByteArray(bigEndian: true);

    /// <inheritdoc />
    public static Guid FromStore(byte[] value) => value.Length == 16
        ? new Guid(value, bigEndian: true)
        : throw new FormatException("A Guid stored as a BLOB has 16 bytes; this one has " + value.Length + ".");
}
