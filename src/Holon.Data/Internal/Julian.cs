namespace Holon.Data.Internal;

/// <summary>SQLite's Julian day numbers (what <c>julianday()</c> returns), at SQLite's millisecond precision.</summary>
internal static class Julian
{
    // Julian day 2440587.5 is 1970-01-01T00:00:00.
    private const long UnixEpochJulianMilliseconds = 210866760000000L;
    private static readonly DateTime s_epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static DateTime ToDateTime(double julianDay)
    {
        long ms = (long)(julianDay * 86400000.0 + 0.5);
        return s_epoch.AddMilliseconds(ms - UnixEpochJulianMilliseconds);
    }
}
