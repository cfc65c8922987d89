namespace Holon.Data.Npgsql;

/// <summary>How the watches of one data source listen for changes and where they refresh (<see cref="NpgsqlWatcher.Configure"/>).</summary>
public sealed class NpgsqlWatchOptions
{
    /// <summary>
    /// The publication the watcher streams (an identifier; default <c>holon_watch</c>). It is created empty when
    /// missing, and every table a watched query reads is added to it before that watch's first read.
    /// </summary>
    public string Publication { get; init; } = "holon_watch";

    /// <summary>
    /// The replication connection's connection string. Null: the data source's own, on its primary (see
    /// <see cref="NpgsqlChangeFeedOptions.ReplicationConnectionString"/> for when to set it).
    /// </summary>
    public string? ReplicationConnectionString { get; init; }

    /// <summary>
    /// How long a refresh on a standby waits for the standby to replay the commit that triggered it
    /// (<c>pg_last_wal_replay_lsn()</c> at or past the commit's end); after that it reads from the primary. Default 1 s.
    /// </summary>
    public TimeSpan StandbyWaitBound { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many refreshes run at once over all watches of the data source (each on its own connection); default 4.</summary>
    public int MaxConcurrentRefreshes { get; init; } = 4;

    /// <summary>
    /// How often the watcher asks the primary whether a view was redefined or a published table dropped (one catalog
    /// query; neither reaches logical replication). When either happened, every watch learns its read set again and
    /// refreshes. Default 5 s.
    /// </summary>
    public TimeSpan SchemaCheckInterval { get; init; } = TimeSpan.FromSeconds(5);
}
