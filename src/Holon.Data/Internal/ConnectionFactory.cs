using System.Diagnostics;
using Holon.Data.Watching;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Holon.Data.Internal;

/// <summary>What a new <see cref="PhysicalConnection"/> needs from its factory besides the open connection.</summary>
/// <param name="BaselinePragmas">Run on return to restore the PRAGMAs a lease may have changed.</param>
/// <param name="StatementCacheSize">Capacity of the ad-hoc statement cache.</param>
/// <param name="Metrics">Where statement-cache counts go.</param>
/// <param name="ChangeTracker">The writer's change tracker; null for readers.</param>
internal readonly record struct ConnectionSetup(string BaselinePragmas, int StatementCacheSize, PoolMetrics Metrics, ChangeTracker? ChangeTracker);

/// <summary>
/// Opens and sets up the pool's connections: busy timeout, WAL, the PRAGMA baseline, the user's
/// <see cref="SqlitePoolOptions.OnConnectionCreated"/>, query-only readers, and change tracking on the writer.
/// </summary>
internal sealed class ConnectionFactory
{
    private readonly SqlitePoolOptions _options;
    private readonly string _connectionString;
    private readonly bool _isInMemory;
    private readonly PoolMetrics _metrics;
    private readonly Func<sqlite3, ChangeTracker> _attachChangeTracking;
    private readonly string _writerBaseline;
    private readonly string _readerBaseline;

    /// <param name="options">The pool's (validated) options.</param>
    /// <param name="connectionString">Normalized (<see cref="ConnectionStrings.Normalize"/>).</param>
    /// <param name="isInMemory">In-memory databases skip WAL.</param>
    /// <param name="metrics">Passed on to every connection.</param>
    /// <param name="attachChangeTracking">Installs the change hooks on a new writer and returns its tracker.</param>
    public ConnectionFactory(
        SqlitePoolOptions options, string connectionString, bool isInMemory, PoolMetrics metrics, Func<sqlite3, ChangeTracker> attachChangeTracking)
    {
        _options = options;
        _connectionString = connectionString;
        _isInMemory = isInMemory;
        _metrics = metrics;
        _attachChangeTracking = attachChangeTracking;
        string sync = options.Synchronous.ToString().ToUpperInvariant();
        string fk = options.ForeignKeys ? "ON" : "OFF";
        _writerBaseline = $"PRAGMA query_only=0; PRAGMA foreign_keys={fk}; PRAGMA synchronous={sync};";
        _readerBaseline = $"PRAGMA query_only=1; PRAGMA foreign_keys={fk}; PRAGMA synchronous={sync};";
    }

    /// <summary>The PRAGMAs every connection of a side starts with and is brought back to after a lease changed them.</summary>
    public string BaselinePragmas(bool isWriter) => isWriter ? _writerBaseline : _readerBaseline;

    /// <summary>Opens and sets up one connection; on failure nothing stays open.</summary>
    public PhysicalConnection Create(SqlitePool pool, bool isWriter)
    {
        var sqlite = new SqliteConnection(_connectionString);
        ChangeTracker? tracker = null;
        try
        {
            sqlite.Open();
            var db = sqlite.Handle!;
            // Lets the pool find statements hand-written ADO.NET left running (see PhysicalConnection.ResetForReuse).
            db.enable_sqlite3_next_stmt(true);
            raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, _options.BusyTimeout.TotalMilliseconds));
            if (!_isInMemory) EnableWal(db);
            Exec(db, BaselinePragmas(isWriter));
            _options.OnConnectionCreated?.Invoke(sqlite);
            // The user's setup must not make a reader writable.
            if (!isWriter) Exec(db, "PRAGMA query_only=1;");
            if (isWriter) tracker = _attachChangeTracking(db);
            var setup = new ConnectionSetup(BaselinePragmas(isWriter), _options.StatementCacheSize, _metrics, tracker);
            return new PhysicalConnection(pool, sqlite, isWriter, setup);
        }
        catch
        {
            sqlite.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Switches a file database to WAL. Connections opening a fresh file at once can get SQLITE_BUSY here without
    /// SQLite calling the busy handler (the mode change takes an exclusive lock), so retry within the busy timeout.
    /// </summary>
    private void EnableWal(sqlite3 db)
    {
        const string Sql = "PRAGMA journal_mode=WAL;";
        long start = Stopwatch.GetTimestamp();
        for (int attempt = 1; ; attempt++)
        {
            int rc = raw.sqlite3_exec(db, Sql, null, null, out var message);
            if (rc == raw.SQLITE_OK) return;
            int primary = rc & 0xFF;
            if ((primary != raw.SQLITE_BUSY && primary != raw.SQLITE_LOCKED) || Stopwatch.GetElapsedTime(start) >= _options.BusyTimeout)
                throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(db), message, "connection setup", Sql);
            Thread.Sleep(Math.Min(attempt, 20));
        }
    }

    private static void Exec(sqlite3 db, string sql)
    {
        int rc = raw.sqlite3_exec(db, sql, null, null, out var message);
        if (rc != raw.SQLITE_OK) throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(db), message, "connection setup", sql);
    }
}
