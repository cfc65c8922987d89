using System.Globalization;
using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

public sealed partial class PreparedStatement
{
    /// <summary>Binds NULL to a slot.</summary>
    public void BindNull(int slot) => Check(NativeBindNull(Index(slot)), slot);

    /// <summary>Binds an integer.</summary>
    public void BindInt64(int slot, long value) => Check(NativeBindInt64(Index(slot), value), slot);

    /// <summary>Binds a floating-point number. NaN is refused (SQLite would store NULL).</summary>
    public void BindDouble(int slot, double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException($"NaN cannot be stored by SQLite ({Parameter(slot)} of {Origin}). SQL: {Sql}", nameof(value));
        Check(NativeBindDouble(Index(slot), value), slot);
    }

    /// <summary>Binds text (UTF-8 in the database). A null string binds NULL.</summary>
    public void BindText(int slot, string value)
    {
        if (value is null)
        {
            BindNull(slot);
            return;
        }

        if (value.Length > KeepBoundLimit) _clearBindingsOnEnd = true;
        Check(SqliteText.Bind(_stmt, Index(slot), value.AsSpan(), _direct), slot);
    }

    /// <summary>Binds text from a span.</summary>
    public void BindText(int slot, ReadOnlySpan<char> value)
    {
        if (value.Length > KeepBoundLimit) _clearBindingsOnEnd = true;
        Check(SqliteText.Bind(_stmt, Index(slot), value, _direct), slot);
    }

    /// <summary>Binds text already encoded as UTF-8 (SQLite copies it).</summary>
    public void BindUtf8Text(int slot, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > KeepBoundLimit) _clearBindingsOnEnd = true;
        Check(SqliteText.BindUtf8(_stmt, Index(slot), utf8, _direct), slot);
    }

    /// <summary>Binds a BLOB (an empty span binds a zero-length BLOB, not NULL).</summary>
    public void BindBlob(int slot, ReadOnlySpan<byte> value)
    {
        int index = Index(slot);
        if (value.Length > KeepBoundLimit) _clearBindingsOnEnd = true;
        Check(NativeBindBlob(index, value), slot);
    }

    /// <summary>Binds a boolean as INTEGER 0 or 1.</summary>
    public void BindBoolean(int slot, bool value) => BindInt64(slot, value ? 1 : 0);

    /// <summary>Binds a char as one-character TEXT.</summary>
    public void BindChar(int slot, char value) => BindText(slot, new ReadOnlySpan<char>(in value));

    /// <summary>Binds a decimal as TEXT in invariant culture (<c>0.0###…</c>), as Microsoft.Data.Sqlite does.</summary>
    public void BindDecimal(int slot, decimal value) => BindFormatted(slot, value, "0.0###########################");

    /// <summary>Binds a GUID as upper-case TEXT (<c>XXXXXXXX-XXXX-…</c>), as Microsoft.Data.Sqlite does; <see cref="GuidAsBlob"/> stores a BLOB in <see cref="Guid.CompareTo(Guid)"/> order.</summary>
    public void BindGuid(int slot, Guid value)
    {
        Span<byte> buffer = stackalloc byte[36];
        value.TryFormat(buffer, out int written, "D");
        for (int i = 0; i < written; i++)
        {
            if (buffer[i] is >= (byte)'a' and <= (byte)'f') buffer[i] -= 'a' - 'A';
        }

        Check(SqliteText.BindUtf8(_stmt, Index(slot), buffer[..written], _direct), slot);
    }

    /// <summary>Binds a DateTime as TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> (its Kind is not stored), as Microsoft.Data.Sqlite does.</summary>
    public void BindDateTime(int slot, DateTime value) => BindFormatted(slot, value, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF");

    /// <summary>
    /// Binds a DateTimeOffset as TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFFzzz</c>, which sorts by local clock text, not by
    /// instant; <see cref="DateTimeOffsetAsUtcTicks"/> or <see cref="DateTimeOffsetAsUnixMilliseconds"/> store an INTEGER that does.
    /// </summary>
    public void BindDateTimeOffset(int slot, DateTimeOffset value) => BindFormatted(slot, value, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz");

    /// <summary>Binds a DateOnly as TEXT <c>yyyy-MM-dd</c>.</summary>
    public void BindDateOnly(int slot, DateOnly value) => BindFormatted(slot, value, @"yyyy\-MM\-dd");

    /// <summary>Binds a TimeOnly as TEXT <c>HH:mm:ss</c>, with <c>.fffffff</c> when it has a fraction of a second.</summary>
    public void BindTimeOnly(int slot, TimeOnly value)
        => BindFormatted(slot, value, value.Ticks % TimeSpan.TicksPerSecond == 0 ? @"HH\:mm\:ss" : @"HH\:mm\:ss\.fffffff");

    /// <summary>Binds a TimeSpan as TEXT in the constant (<c>c</c>) format, e.g. <c>1.06:30:00</c>.</summary>
    public void BindTimeSpan(int slot, TimeSpan value) => BindFormatted(slot, value, "c");

    private void BindFormatted<T>(int slot, T value, string format) where T : IUtf8SpanFormattable
    {
        Span<byte> buffer = stackalloc byte[64];
        if (!value.TryFormat(buffer, out int written, format, CultureInfo.InvariantCulture))
            throw new FormatException($"Could not format {typeof(T).Name} for {Parameter(slot)} of {Origin}.");
        Check(SqliteText.BindUtf8(_stmt, Index(slot), buffer[..written], _direct), slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int slot)
    {
        EnsureInUse();
        if ((uint)slot < 64) _boundThisUse |= 1UL << slot;
        else _clearBindingsOnEnd = true;
        var map = _slotIndex;
        if (map is null)
        {
            if (slot < 0) ThrowBadSlot(slot);
            return slot + 1;
        }

        if ((uint)slot >= (uint)map.Length) ThrowBadSlot(slot);
        return map[slot];
    }

    // Large values are not kept alive in SQLite's copy until the statement's next use.
    private const int KeepBoundLimit = 4096;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Check(int rc, int slot)
    {
        if (rc != raw.SQLITE_OK) ThrowBind(rc, slot);
    }

    /// <summary>"parameter '@F'" when the definition names the slot, else "slot 3" (ad-hoc SQL binds by position).</summary>
    private string Parameter(int slot)
        => _definition is { } d && (uint)slot < (uint)d.ParameterNameArray.Length ? $"parameter '{d.ParameterNameArray[slot]}'" : $"slot {slot}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBadSlot(int slot)
        => throw new ArgumentOutOfRangeException(nameof(slot), slot,
            $"{Origin} has {(_slotIndex?.Length ?? raw.sqlite3_bind_parameter_count(_stmt))} parameter slots. SQL: {Sql}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBind(int rc, int slot)
    {
        var db = _connection.Db;
        throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(db), $"binding {Parameter(slot)}: {raw.sqlite3_errmsg(db).utf8_to_string()}", Origin, Sql);
    }
}
