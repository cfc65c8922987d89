using Npgsql;

namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// Makes a refresh on a standby at least as new as the commit that triggered it: waits until the connection's
/// server has replayed past the commit (<c>pg_last_wal_replay_lsn() &gt;= end LSN</c>; a primary, where it is
/// NULL, always has), polling briefly, up to a bound.
/// </summary>
internal static class StandbyCatchUp
{
    /// <summary>Whether the server had replayed <paramref name="endLsn"/> at once, after waiting, or not within the bound.</summary>
    public static async Task<Outcome> WaitAsync(NpgsqlConnection c, ulong endLsn, TimeSpan bound, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)", c);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = new NpgsqlTypes.NpgsqlLogSequenceNumber(endLsn).ToString() });
        long deadline = Environment.TickCount64 + (long)bound.TotalMilliseconds;
        int delay = 1;
        while (true)
        {
            if ((bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!) return delay == 1 ? Outcome.Replayed : Outcome.ReplayedAfterWait;
            if (Environment.TickCount64 >= deadline) return Outcome.TimedOut;
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 20);
        }
    }

    public enum Outcome { Replayed, ReplayedAfterWait, TimedOut }
}
