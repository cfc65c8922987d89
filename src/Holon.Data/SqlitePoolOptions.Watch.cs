namespace Holon.Data;

public sealed partial class SqlitePoolOptions
{
    private TimeSpan? _dataVersionPollInterval;
    private int _changeBufferCapacity = 1024;
    private int _maxConcurrentWatchRefreshes = 1;
    private TimeSpan _watchRefreshPacing = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How often the pool checks <c>PRAGMA data_version</c> on its writer connection to notice commits made
    /// <em>outside</em> this pool (another process, another pool, a raw connection). Null (the default) turns
    /// polling off: writes through this pool's writer are always seen at once without it. When a change is
    /// noticed, every watch refreshes and re-learns its read set, and <see cref="SqlitePool.Changes"/> yields a
    /// <see cref="ChangeSetKind.ExternalChange"/>. Each poll briefly rents the writer (FIFO, like any writer) and
    /// runs only while at least one watch or change stream is active; the first poll after listeners appear also
    /// counts as a change (what happened before it cannot be told apart), so watches refresh once more then.
    /// Ignored for in-memory databases, which no one else can write. Typical values: 100 ms to a few seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is zero or negative.</exception>
    public TimeSpan? DataVersionPollInterval
    {
        get => _dataVersionPollInterval;
        set
        {
            if (value is { } v && (v <= TimeSpan.Zero || v > MaxWait)) throw new ArgumentOutOfRangeException(nameof(value), v, $"DataVersionPollInterval must be positive and at most {MaxWait}, or null to turn polling off.");
            _dataVersionPollInterval = value;
        }
    }

    /// <summary>
    /// How many <see cref="ChangeSet"/>s each <see cref="SqlitePool.Changes"/> subscriber may have waiting
    /// (default 1024). A subscriber that falls further behind never slows the writer: the changes that do not
    /// fit are dropped and the subscriber receives one <see cref="ChangeSetKind.MissedChanges"/> marker.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is less than 1.</exception>
    public int ChangeBufferCapacity
    {
        get => _changeBufferCapacity;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "ChangeBufferCapacity must be at least 1.");
            _changeBufferCapacity = value;
        }
    }

    /// <summary>
    /// How long the watch refresher pauses after a refresh during which the writer committed again (default 1 ms;
    /// <see cref="TimeSpan.Zero"/> turns pacing off). A SQLite writer slows down markedly while readers run back to
    /// back (measured on 2 cores: a single-row-update writer at about 0.4x with one continuously busy reader, with
    /// plain Microsoft.Data.Sqlite connections too). Pacing applies only while commits keep arriving: a commit
    /// after a quiet period is refreshed at once, and watches always end on the final state; during a sustained
    /// burst, watches refresh less often.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan WatchRefreshPacing
    {
        get => _watchRefreshPacing;
        set
        {
            if (value < TimeSpan.Zero || value > MaxWait) throw new ArgumentOutOfRangeException(nameof(value), value, $"WatchRefreshPacing must be zero (off) or positive, at most {MaxWait}.");
            _watchRefreshPacing = value;
        }
    }

    /// <summary>
    /// How many watch refreshes may run at the same time, each on a rented reader (default 1, at least 1). Watches
    /// coalesce commits, so one refresh at a time keeps up with many watches while leaving the other readers to
    /// ordinary queries and the CPU to the writer (measured on 2 cores: 100 watches of a table written
    /// continuously cost the writer far less with 1 than with 2). Raise it on machines with more cores when many
    /// watches must follow a fast writer closely.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrentWatchRefreshes
    {
        get => _maxConcurrentWatchRefreshes;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "MaxConcurrentWatchRefreshes must be at least 1.");
            _maxConcurrentWatchRefreshes = value;
        }
    }
}
