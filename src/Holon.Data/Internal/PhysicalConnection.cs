using System.Diagnostics;
using System.Runtime.InteropServices;
using Holon.Data.Watching;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Holon.Data.Internal;

/// <summary>
/// One long-lived SQLite connection and everything it owns: its prepared statements, its rent state and its
/// counters. Leases point at it; the pool holds it strongly only while idle, and otherwise through
/// <see cref="Weak"/>, so a lease dropped without Dispose lets it be finalized and reported as a leak (closing:
/// PhysicalConnection.Lifetime.cs).
/// </summary>
internal sealed partial class PhysicalConnection : IDisposable
{
    private static int s_nextId;

    private PreparedStatement?[] _byDefinition = new PreparedStatement?[32];
    private readonly AdHocStatementCache _adHoc;
    private readonly List<PreparedStatement> _inUse = new(4);
    private readonly SessionBaseline _baseline;
    private readonly string _baselinePragmas;
    private readonly PoolMetrics _metrics;
    private readonly ChangeTracker? _changes;
    private int _disposed;
    private long _generation;
    // Set when a lease may have changed per-connection state (PRAGMAs, attached databases, TEMP objects) that reset
    // must restore on return.
    private bool _dirty;
    private bool _mayHoldTransaction;
    private long _statementsPrepared;
    private long _cacheHits;
    private long _cacheMisses;
    private long _statementsEvicted;
    // Transaction nesting of the current rent: serial of the open transaction at each depth.
    private int _transactionDepth;
    private long[] _transactionSerials = new long[4];
    private long _nextTransactionSerial;

    /// <param name="pool">Where a lease gives the connection back, and where closing and leaks are reported.</param>
    /// <param name="connection">Open and set up (<see cref="ConnectionFactory"/>).</param>
    /// <param name="isWriter">The writer or a reader.</param>
    /// <param name="setup">What the factory decided for this connection.</param>
    public PhysicalConnection(SqlitePool pool, SqliteConnection connection, bool isWriter, ConnectionSetup setup)
    {
        Pool = pool;
        Connection = connection;
        Db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection has no handle after Open().");
        IsWriter = isWriter;
        Id = Interlocked.Increment(ref s_nextId);
        _baselinePragmas = setup.BaselinePragmas;
        _metrics = setup.Metrics;
        _changes = setup.ChangeTracker;
        _adHoc = new AdHocStatementCache(this, setup.StatementCacheSize);
        _baseline = new SessionBaseline(Db);
        Weak = new WeakReference<PhysicalConnection>(this);
        _nativeRoot = GCHandle.Alloc(connection); // see PhysicalConnection.Lifetime.cs
    }

    public SqlitePool Pool { get; }

    public SqliteConnection Connection { get; }

    public sqlite3 Db { get; }

    public bool IsWriter { get; }

    public int Id { get; }

    public WeakReference<PhysicalConnection> Weak { get; }

    /// <summary>Changes on every return; a lease is valid while its copy equals this.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool IsRented { get; private set; }

    /// <summary>When the current rent began (0 when nobody needed the time).</summary>
    public long RentTimestamp { get; private set; }

    /// <summary>Where the current rent happened, when <see cref="SqlitePoolOptions.TrackLeaseOrigins"/> is on.</summary>
    public string? RentSite { get; private set; }

    /// <summary>The writer-reentrancy marker of the current rent (writer only).</summary>
    public object? FlowToken { get; private set; }

    // Counters written only by the lease holder; PoolCounters sums them for Statistics.
    public long StatementsPrepared => _statementsPrepared;

    public long CacheHits => _cacheHits;

    public long CacheMisses => _cacheMisses;

    public long StatementsEvicted => _statementsEvicted;

    public int TransactionDepth => _transactionDepth;

    /// <summary>Marks the connection rented. Called by the pool with a permit in hand.</summary>
    public void BeginRent(long timestamp, string? site, object? flowToken)
    {
        IsRented = true;
        RentTimestamp = timestamp;
        RentSite = site;
        FlowToken = flowToken;
    }

    /// <summary>Ends the rent of <paramref name="generation"/>: every lease copy of it becomes stale. False when it already ended.</summary>
    public bool TryEndRent(long generation)
    {
        if (Interlocked.CompareExchange(ref _generation, generation + 1, generation) != generation) return false;
        RentSite = null;
        FlowToken = null;
        return true;
    }

    /// <summary>The connection is back in the pool's hands (reset, kept or discarded).</summary>
    public void MarkReturned() => IsRented = false;

    /// <summary>Hand-written ADO.NET or state-changing SQL ran: restore PRAGMAs and schema state on return.</summary>
    public void MarkDirty() => _dirty = true;

    /// <summary>
    /// A statement is about to run: the writer's change tracker sees the boundary, and what the statement may
    /// leave behind (changed PRAGMAs, an open transaction) is remembered for the reset on return.
    /// </summary>
    public void StatementStarting(bool changesConnectionState, bool mayBeginTransaction)
    {
        _changes?.StatementStarting();
        if (changesConnectionState) _dirty = true;
        if (mayBeginTransaction) _mayHoldTransaction = true;
    }

    /// <summary>A COMMIT returned on the writer: publish what it committed to watches and change streams.</summary>
    public void Committed() => _changes?.Flush(true);

    /// <summary>Opens one more transaction level; returns its depth and a serial that identifies it.</summary>
    public int PushTransaction(out long serial)
    {
        int depth = _transactionDepth + 1;
        if (depth > _transactionSerials.Length) Array.Resize(ref _transactionSerials, depth * 2);
        serial = ++_nextTransactionSerial;
        _transactionSerials[depth - 1] = serial;
        _transactionDepth = depth;
        return depth;
    }

    /// <summary>Ends the transaction at <paramref name="depth"/> and every level inside it.</summary>
    public void PopTransaction(int depth) => _transactionDepth = Math.Max(0, depth - 1);

    /// <summary>True while the transaction at <paramref name="depth"/> with <paramref name="serial"/> (or one inside it) is open.</summary>
    public bool HoldsTransaction(int depth, long serial)
        => depth >= 1 && _transactionDepth >= depth && _transactionSerials[depth - 1] == serial;

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
            CountHit();
            return hit;
        }

        return PrepareDefinition(definition);
    }

    private PreparedStatement PrepareDefinition(StatementDefinition definition)
    {
        CountMiss();
        var statement = PreparedStatement.Prepare(this, definition.Sql, definition);
        var id = definition.Id;
        if (id >= _byDefinition.Length)
            Array.Resize(ref _byDefinition, Math.Max(id + 1, _byDefinition.Length * 2));
        _byDefinition[id] = statement;
        return statement;
    }

    public PreparedStatement GetStatement(string sql) => _adHoc.Get(sql);

    public void CountPrepared()
    {
        _statementsPrepared++;
        _metrics.StatementPrepared();
    }

    public void CountHit()
    {
        _cacheHits++;
        _metrics.StatementHit();
    }

    public void CountMiss()
    {
        _cacheMisses++;
        _metrics.StatementMiss();
    }

    public void CountEvicted() => _statementsEvicted++;

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
        // The reset may roll back: a commit set aside before it has completed.
        _changes?.StatementStarting();
        bool healthy = ResetCore();
        // Publish what this lease committed (or, when broken, drop what can no longer be confirmed).
        _changes?.Flush(healthy);
        return healthy;
    }

    private bool ResetCore()
    {
        if (IsBroken) return false;
        try
        {
            for (int i = _inUse.Count - 1; i >= 0; i--) _inUse[i].ResetFromPool();
            _inUse.Clear();

            if (_dirty)
            {
                // Hand-written ADO.NET or a PRAGMA ran: reset any statement (say, an undisposed SqliteDataReader's)
                // still holding a read snapshot.
                ResetBusyForeignStatements();
            }

            bool ran = false;
            if ((_mayHoldTransaction || _dirty || _transactionDepth != 0) && raw.sqlite3_get_autocommit(Db) == 0)
            {
                if (raw.sqlite3_exec(Db, "ROLLBACK") != raw.SQLITE_OK) return false;
                ran = true;
            }

            _mayHoldTransaction = false;
            _transactionDepth = 0;
            if (_dirty)
            {
                if (raw.sqlite3_exec(Db, _baselinePragmas) != raw.SQLITE_OK) return false;
                if (!_baseline.Restore(Db)) return false;
                _dirty = false;
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

    public override string ToString() => $"{(IsWriter ? "writer" : "reader")} #{Id}";

    public static string CaptureRentSite() => new StackTrace(2, fNeedFileInfo: true).ToString();
}
