using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Holon.Data;

/// <summary>Settings of a <see cref="SqlitePool"/>. Read once, when the pool is created.</summary>
public sealed partial class SqlitePoolOptions
{
    /// <summary>
    /// A Microsoft.Data.Sqlite connection string. <c>Pooling</c> is forced off (this pool is the only pool).
    /// <c>Data Source=:memory:</c> (or <c>Mode=Memory</c>) becomes one named in-memory database shared by all
    /// connections of this pool (see <c>DESIGN.md</c>).
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Number of reader connections (default 4, at least 1). The pool never holds more than <c>1 + MaxReaders</c> connections.</summary>
    public int MaxReaders { get; set; } = 4;

    /// <summary>How long a rent waits for a free connection before <see cref="PoolTimeoutException"/> (default 30 s; <see cref="Timeout.InfiniteTimeSpan"/> waits forever).</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Record a stack trace at every rent, so timeout messages and leak reports say where each holder rented.
    /// Costs a stack capture per rent; meant for debugging and tests.
    /// </summary>
    public bool TrackLeaseOrigins { get; set; }

    /// <summary>
    /// Runs once for every new physical connection, after the pool's own setup, for extra PRAGMAs and functions.
    /// The pool owns the connection's update, commit and rollback hooks and its authorizer (watches and the change
    /// stream use them): set them here and the pool replaces them.
    /// </summary>
    public Action<SqliteConnection>? OnConnectionCreated { get; set; }

    /// <summary>
    /// <c>PRAGMA synchronous</c> (default <see cref="SynchronousMode.Normal"/>): with WAL it survives a process crash
    /// but not a power loss; use <see cref="SynchronousMode.Full"/> to survive power loss.
    /// </summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Normal;

    /// <summary>
    /// SQLite's busy timeout on every connection (default 5 s): how long a statement waits for a lock held by another
    /// process or pool, by WAL setup while other connections open the same fresh file, or, for in-memory databases
    /// (no WAL), by the writer's commit while readers hold read transactions.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-connection capacity of the LRU cache of ad-hoc SQL statements (default 128, at least 1).</summary>
    public int StatementCacheSize { get; set; } = 128;

    /// <summary>Where the pool logs connection life-cycle (debug), timeouts and leaks (warning). Null: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Whether <c>PRAGMA foreign_keys=ON</c> is set on every connection (default true).</summary>
    public bool ForeignKeys { get; set; } = true;

    /// <summary>
    /// Detect a flow that rents the writer while it already holds the writer lease and throw
    /// <see cref="InvalidOperationException"/> instead of deadlocking (default true). Costs one small
    /// <see cref="AsyncLocal{T}"/> update per writer rent.
    /// </summary>
    public bool DetectWriterReentrancy { get; set; } = true;

    /// <summary>
    /// Serve a database this process may only read (a file on read-only storage, or one bundled with the app):
    /// readers only. The pool never sets the journal mode and has no writer: renting it (and so any write, unit of
    /// work or migration) throws <see cref="InvalidOperationException"/>. Default false. A database in WAL mode on
    /// read-only storage also needs <c>immutable=1</c> in a <c>file:</c> URI (then nothing may change the file while the pool is open).
    /// </summary>
    public bool ReadOnly { get; set; }

    internal SqlitePoolOptions Clone() => (SqlitePoolOptions)MemberwiseClone();

    /// <summary>The longest wait any timer below accepts (about 24.8 days).</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Rejects settings the pool cannot honour, before anything is opened or queued.</summary>
    internal void Validate()
    {
        if (MaxReaders < 1) throw new ArgumentOutOfRangeException(nameof(MaxReaders), MaxReaders, "MaxReaders must be at least 1.");
        if (AcquireTimeout != Timeout.InfiniteTimeSpan && (AcquireTimeout < TimeSpan.Zero || AcquireTimeout > MaxWait))
            throw new ArgumentOutOfRangeException(nameof(AcquireTimeout), AcquireTimeout, $"AcquireTimeout must be between zero and {MaxWait}, or Timeout.InfiniteTimeSpan.");
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > MaxWait)
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, $"BusyTimeout must be between zero and {MaxWait}.");
        if (StatementCacheSize < 1) throw new ArgumentOutOfRangeException(nameof(StatementCacheSize), StatementCacheSize, "StatementCacheSize must be at least 1.");
        if (ReadOnly && Migrations is not null)
            throw new ArgumentException("A ReadOnly pool cannot apply Migrations: it has no writer. Migrate the database before shipping it, or use a pool that may write.", nameof(Migrations));
        if (ReadOnly && DataVersionPollInterval is not null)
            throw new ArgumentException("A ReadOnly pool cannot poll DataVersionPollInterval: the poll runs on the writer, which a ReadOnly pool does not have.", nameof(DataVersionPollInterval));
        if (!Enum.IsDefined(Synchronous)) throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "Synchronous must be one of the SynchronousMode values.");
    }
}
