namespace Holon.Data.Internal;

/// <summary>SQLite's Julian day numbers (what <c>julianday()</c> returns), at SQLite's millisecond precision.</summary>
internal static class Julian
{
    // Julian day 2440587.5 is 1970-01-01T00:00:00.
    private const long UnixEpochJulianMilliseconds = 210866760000000L;
    private static readonly DateTime s_epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    // Julian days of 0001-01-01T00:00 and of the first moment after 9999-12-31T23:59:59.999 (DateTime's range).
    private const double MinDay = 1721425.5;
    private const double MaxDay = 5373484.5;

    /// <summary>False for NaN and days outside DateTime's range (a Unix time stored as INTEGER, say), instead of throwing.</summary>
    public static bool TryToDateTime(double julianDay, out DateTime value)
    {
        if (!(julianDay >= MinDay && julianDay < MaxDay))
        {
            value = default;
            return false;
        }

        long ms = (long)(julianDay * 86400000.0 + 0.5);
        long offset = ms - UnixEpochJulianMilliseconds;
        // Rounding at the very top of the range could still step past DateTime.MaxValue.
        if (offset > (DateTime.MaxValue - s_epoch).Ticks / TimeSpan.TicksPerMillisecond)
        {
            value = default;
            return false;
        }

        value = s_epoch.AddMilliseconds(offset);
        return true;
    }
}
