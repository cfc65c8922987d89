using System.Globalization;
using Npgsql;

namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// Makes a refresh at least as new as the commit that triggered it on the server it runs on. PostgreSQL writes (and
/// flushes) a commit record before it marks the transaction completed for new snapshots, and the logical feed may
/// decode and deliver the commit in between: a refresh in that window would read the old rows, be skipped as equal,
/// and wait for the next commit. So the refresh first waits until <c>pg_current_snapshot()</c> shows the
/// transaction as completed, polling briefly (<see cref="BoundedPoll"/>), up to a bound (then it runs anyway).
/// </summary>
internal static class CommitVisibility
{
    /// <summary>Waits until <paramref name="xid"/> is visible on <paramref name="c"/>; true when it had to wait.</summary>
    public static async Task<bool> WaitAsync(NpgsqlConnection c, uint xid, TimeSpan bound, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_current_snapshot()::text", c);
        var outcome = await BoundedPoll.UntilAsync((cmd, xid), static async (s, ct) =>
            IsCompleted((string)(await s.cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!, s.xid), bound, ct).ConfigureAwait(false);
        return outcome != PollOutcome.AtOnce;
    }

    /// <summary>
    /// Whether the 32-bit <paramref name="xid"/> is completed in <paramref name="snapshot"/> (<c>xmin:xmax:xip,…</c>,
    /// 64-bit ids). The 32-bit id is widened next to xmax, as the server compares ids: within 2^31 of it.
    /// </summary>
    public static bool IsCompleted(string snapshot, uint xid)
    {
        var parts = snapshot.Split(':');
        ulong xmin = ulong.Parse(parts[0], CultureInfo.InvariantCulture);
        ulong xmax = ulong.Parse(parts[1], CultureInfo.InvariantCulture);
        uint ahead = unchecked(xid - (uint)xmax);
        if (ahead < 0x8000_0000u) return false;           // at or past xmax: not completed when the snapshot was taken
        ulong full = xmax - (0x1_0000_0000ul - ahead);
        if (full < xmin) return true;
        if (parts.Length < 3 || parts[2].Length == 0) return true;
        foreach (var inProgress in parts[2].Split(','))
        {
            if (ulong.Parse(inProgress, CultureInfo.InvariantCulture) == full) return false;
        }
        return true;
    }
}
