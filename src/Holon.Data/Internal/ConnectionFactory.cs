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
/// <see cref="SqlitePoolOptions.OnConnectionCreated"/>, read-only readers (<see cref="ReaderGuard"/>), and change
/// tracking on the writer. A failure to open or set up a connection names the pool's file and keeps SQLite's codes.
/// </summary>
internal sealed class ConnectionFactory
{
    private readonly SqlitePoolOptions _options;
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly string _name;
    private readonly bool _isInMemory;
    private readonly PoolMetrics _metrics;
    private readonly Func<sqlite3, ChangeTracker> _attachChangeTracking;
    private readonly string _writerBaseline;
    private readonly string _readerBaseline;
    private readonly object _prepareLock = new();
    // Set once the file exists in WAL mode: a read-only reader can neither create it nor change its journal mode.
    private volatile bool _databasePrepared;

    /// <param name="options">The pool's (validated) options.</param>
    /// <param name="connectionString">Normalized (<see cref="ConnectionStrings.Normalize"/>).</param>
    /// <param name="name">The pool's name (its data source), quoted in open and setup errors.</param>
    /// <param name="isInMemory">In-memory databases skip WAL.</param>
    /// <param name="metrics">Passed on to every connection.</param>
    /// <param name="attachChangeTracking">Installs the change hooks on a new writer and returns its tracker.</param>
    public ConnectionFactory(
        SqlitePoolOptions options, string connectionString, string name, bool isInMemory, PoolMetrics metrics,
        Func<sqlite3, ChangeTracker> attachChangeTracking)
    {
        _options = options;
        _writerConnectionString = connectionString;
        _readerConnectionString = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        _name = name;
        _isInMemory = isInMemory;
        _databasePrepared = isInMemory || options.ReadOnly;
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
    /// <exception cref="SqliteException">Opening or setting it up failed; the message names the pool's file.</exception>
    public PhysicalConnection Create(SqlitePool pool, bool isWriter)
    {
        if (!isWriter && !_databasePrepared) PrepareDatabase();
        var sqlite = new SqliteConnection(isWriter ? _writerConnectionString : _readerConnectionString);
        try
        {
            sqlite.Open();
            var db = sqlite.Handle!;
            // Lets the pool find statements hand-written ADO.NET left running (see PhysicalConnection.ResetForReuse).
            db.enable_sqlite3_next_stmt(true);
            raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, _options.BusyTimeout.TotalMilliseconds));
            if (isWriter && !_isInMemory)
            {
                EnableWal(db);
                _databasePrepared = true;
            }
            Exec(db, BaselinePragmas(isWriter));
            _options.OnConnectionCreated?.Invoke(sqlite);
            ChangeTracker? tracker = null;
            if (isWriter)
            {
                tracker = _attachChangeTracking(db);
            }
            else
            {
                Exec(db, "PRAGMA query_only=1;"); // what the user's setup changed is put back, as on every return
                ReaderGuard.Install(db);
            }
            var setup = new ConnectionSetup(BaselinePragmas(isWriter), _options.StatementCacheSize, _metrics, tracker);
            return new PhysicalConnection(pool, sqlite, isWriter, setup);
        }
        catch (SqliteException e)
        {
            sqlite.Dispose();
            throw OpenFailed(e, isWriter ? "the writer" : "a reader");
        }
        catch
        {
            sqlite.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Before the first reader of a pool whose writer has not opened yet: creates the file if needed and switches it
    /// to WAL through a short-lived read-write connection, since a read-only reader can do neither.
    /// </summary>
    private void PrepareDatabase()
    {
        lock (_prepareLock)
        {
            if (_databasePrepared) return;
            using var sqlite = new SqliteConnection(_writerConnectionString);
            try
            {
                sqlite.Open();
                raw.sqlite3_busy_timeout(sqlite.Handle!, (int)Math.Min(int.MaxValue, _options.BusyTimeout.TotalMilliseconds));
                EnableWal(sqlite.Handle!);
            }
            catch (SqliteException e)
            {
                throw OpenFailed(e, "the first reader");
            }
            _databasePrepared = true;
        }
    }

    private SqliteException OpenFailed(SqliteException e, string which)
    {
        string hint = (e.SqliteErrorCode & 0xFF) switch
        {
            raw.SQLITE_CANTOPEN when _options.ReadOnly =>
                " A ReadOnly pool opens an existing file only; one in WAL mode on read-only storage also needs 'immutable=1' in a file: URI (then nothing may change the file while the pool is open).",
            raw.SQLITE_READONLY when !_options.ReadOnly =>
                " To only read a database that cannot be written, set SqlitePoolOptions.ReadOnly.",
            _ => "",
        };
        return new SqliteException($"Could not open or set up {which} connection of pool '{_name}': {e.Message}{hint}", e.SqliteErrorCode, e.SqliteExtendedErrorCode);
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
