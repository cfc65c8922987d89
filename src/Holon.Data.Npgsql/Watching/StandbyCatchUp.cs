using Npgsql;

namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// Makes a refresh on a standby at least as new as the commit that triggered it: waits until the connection's
/// server has replayed past the commit (<c>pg_last_wal_replay_lsn() &gt;= end LSN</c>; a primary, where it is
/// NULL, always has), polling briefly (<see cref="BoundedPoll"/>), up to a bound.
/// </summary>
internal static class StandbyCatchUp
{
    /// <summary>Whether the server had replayed <paramref name="endLsn"/> at once, after waiting, or not within the bound.</summary>
    public static async Task<PollOutcome> WaitAsync(NpgsqlConnection c, ulong endLsn, TimeSpan bound, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)", c);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = new NpgsqlTypes.NpgsqlLogSequenceNumber(endLsn).ToString() });
        return await BoundedPoll.UntilAsync(cmd, static async (cmd, ct) => (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!,
            bound, ct).ConfigureAwait(false);
    }
}
