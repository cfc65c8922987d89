using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Holon.Data.Internal;

/// <summary>
/// One long-lived SQLite connection and everything it owns: its prepared statements, its rent state and its
/// counters. Leases point at it; the pool holds it strongly only while idle, and otherwise through
/// <see cref="Weak"/>, so a lease dropped without Dispose lets it be finalized and reported as a leak.
/// </summary>
internal sealed class PhysicalConnection : IDisposable
{
    private static int s_nextId;

    private PreparedStatement?[] _byDefinition = new PreparedStatement?[32];
    private readonly AdHocStatementCache _adHoc;
    private readonly List<PreparedStatement> _inUse = new(4);
    private readonly SessionBaseline _baseline;
    private int _disposed;

    public PhysicalConnection(SqlitePool pool, SqliteConnection connection, bool isWriter)
    {
        Pool = pool;
        Connection = connection;
        Db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection has no handle after Open().");
        IsWriter = isWriter;
        Id = Interlocked.Increment(ref s_nextId);
        _adHoc = new AdHocStatementCache(this, pool.Options.StatementCacheSize);
        _baseline = new SessionBaseline(Db);
        Weak = new WeakReference<PhysicalConnection>(this);
    }

    public SqlitePool Pool { get; }

    public SqliteConnection Connection { get; }

    public sqlite3 Db { get; }

    public bool IsWriter { get; }

    public int Id { get; }

    public WeakReference<PhysicalConnection> Weak { get; }

    /// <summary>Changes on every return; a lease is valid while its copy equals this.</summary>
    public long Generation;

    public bool IsRented;

    public long RentTimestamp;

    public string? RentSite;

    /// <summary>Set when a lease may have changed per-connection state (PRAGMAs, attached databases, TEMP objects) that must be restored on return.</summary>
    public bool Dirty;

    /// <summary>
    /// Set when the current rent ran something that can leave a transaction open (BEGIN, SAVEPOINT, a script,
    /// hand-written ADO.NET via <see cref="Dirty"/>); only then does return ask SQLite whether one is open.
    /// </summary>
    public bool MayHoldTransaction;

    /// <summary>The writer-reentrancy marker of the current rent (writer only).</summary>
    public object? FlowToken;

    // Counters written only by the lease holder; the pool sums them for Statistics.
    public long StatementsPrepared;
    public long CacheHits;
    public long CacheMisses;
    public long StatementsEvicted;

    // Transaction nesting of the current rent: serial of the open transaction at each depth.
    public int TransactionDepth;
    public long[] TransactionSerials = new long[4];
    public long NextTransactionSerial;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public bool IsBroken
    {
        get
        {
            if (IsDisposed || Db.IsInvalid || Db.IsClosed) return true;
            return Connection.State != System.Data.ConnectionState.Open;
        }
    }

    public PreparedStatement GetStatement(StatementDefinition definition)
    {
        var id = definition.Id;
        var cache = _byDefinition;
        if ((uint)id < (uint)cache.Length && cache[id] is { } hit && hit.Definition == definition)
        {
            CacheHits++;
            Pool.Metrics.StatementHit();
            return hit;
        }

        return PrepareDefinition(definition);
    }

    private PreparedStatement PrepareDefinition(StatementDefinition definition)
    {
        CacheMisses++;
        Pool.Metrics.StatementMiss();
        var statement = PreparedStatement.Prepare(this, definition.Sql, definition);
        var id = definition.Id;
        if (id >= _byDefinition.Length)
            Array.Resize(ref _byDefinition, Math.Max(id + 1, _byDefinition.Length * 2));
        _byDefinition[id] = statement;
        return statement;
    }

    public PreparedStatement GetStatement(string sql) => _adHoc.Get(sql);

    public void OnStatementPrepared()
    {
        StatementsPrepared++;
        Pool.Metrics.StatementPrepared();
    }

    public void MarkInUse(PreparedStatement statement) => _inUse.Add(statement);

    public void MarkNotInUse(PreparedStatement statement)
    {
        // Usually the last one added: a statement is used and disposed before the next.
        for (int i = _inUse.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_inUse[i], statement))
            {
                _inUse.RemoveAt(i);
                return;
            }
        }
    }

    public void Interrupt()
    {
        if (!IsDisposed && !Db.IsClosed) raw.sqlite3_interrupt(Db);
    }

    /// <summary>
    /// Brings the connection back to its baseline after a rent: statements reset and unbound, transaction rolled
    /// back, PRAGMAs restored. Returns false when the connection is broken and must be discarded.
    /// </summary>
    public bool ResetForReuse()
    {
        if (IsBroken) return false;
        try
        {
            for (int i = _inUse.Count - 1; i >= 0; i--) _inUse[i].ResetFromPool();
            _inUse.Clear();

            if (Dirty)
            {
                // Hand-written ADO.NET or a PRAGMA ran: reset any statement (say, an undisposed SqliteDataReader's)
                // still holding a read snapshot.
                ResetBusyForeignStatements();
            }

            bool ran = false;
            if ((MayHoldTransaction || Dirty || TransactionDepth != 0) && raw.sqlite3_get_autocommit(Db) == 0)
            {
                if (raw.sqlite3_exec(Db, "ROLLBACK") != raw.SQLITE_OK) return false;
                ran = true;
            }

            MayHoldTransaction = false;
            TransactionDepth = 0;
            if (Dirty)
            {
                if (raw.sqlite3_exec(Db, Pool.BaselinePragmas(IsWriter)) != raw.SQLITE_OK) return false;
                if (!_baseline.Restore(Db)) return false;
                Dirty = false;
                ran = true;
            }

            // Checked on entry; only what ran here could have broken it since.
            return !ran || !IsBroken;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private void ResetBusyForeignStatements()
    {
        try
        {
            for (var s = raw.sqlite3_next_stmt(Db, null); s is not null; s = raw.sqlite3_next_stmt(Db, s))
            {
                if (raw.sqlite3_stmt_busy(s) != 0) raw.sqlite3_reset(s);
            }
        }
        catch (Exception)
        {
            // Statement tracking unavailable; the ROLLBACK below still ends any explicit transaction.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        GC.SuppressFinalize(this);
        try
        {
            foreach (var s in _byDefinition) s?.Destroy();
            _adHoc.DestroyAll();
            foreach (var s in _inUse) s.Destroy();
            _inUse.Clear();
        }
        catch (Exception)
        {
            // A broken handle may refuse to finalize statements; closing below still releases the file.
        }

        try
        {
            Connection.Dispose();
        }
        finally
        {
            Pool.OnConnectionClosed(this);
        }
    }

    ~PhysicalConnection()
    {
        // Only a rented connection is unreachable from the pool; idle ones are held by it.
        if (IsRented && !IsDisposed) Pool.OnLeaked(this);
    }

    public override string ToString() => $"{(IsWriter ? "writer" : "reader")} #{Id}";

    public static string CaptureRentSite() => new StackTrace(2, fNeedFileInfo: true).ToString();
}
