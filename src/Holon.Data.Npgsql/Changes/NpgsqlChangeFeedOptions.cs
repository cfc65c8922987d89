namespace Holon.Data.Npgsql;

/// <summary>How <see cref="NpgsqlChangeFeed.StartAsync"/> connects and what it publishes.</summary>
public sealed class NpgsqlChangeFeedOptions
{
    /// <summary>The publication whose tables the feed streams (an identifier; default <c>holon_changes</c>).</summary>
    public string Publication { get; init; } = "holon_changes";

    /// <summary>
    /// The tables to stream (<c>name</c> or <c>schema.name</c>, resolved through the search path). The publication is
    /// created for them when missing, and tables it lacks are added to it. Null: the publication must already exist
    /// (created by whoever owns the schema) and is used as it is.
    /// </summary>
    public IReadOnlyList<string>? Tables { get; init; }

    /// <summary>
    /// How many change sets a subscriber may have waiting (default 1024). When it is full the subscriber's further
    /// changes are dropped and it later gets one <see cref="ChangeSetKind.MissedChanges"/> marker; others are not slowed.
    /// </summary>
    public int BufferCapacity { get; init; } = 1024;

    /// <summary>
    /// The replication connection's connection string. Null: the data source's own (for a multi-host source, the host
    /// that is primary now). Set it when the data source does not expose its password
    /// (<c>NpgsqlDataSource.ConnectionString</c> drops it unless <c>Persist Security Info</c> is on) or uses a
    /// password provider, or when replication must log in as another role.
    /// </summary>
    public string? ReplicationConnectionString { get; init; }
}
