using System.Diagnostics;
using System.Text;
using Holon.Data.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.ObjectPool;
using SQLitePCL;

namespace Holon.Data;

/// <summary>
/// A bounded pool of long-lived SQLite connections: one writer and <see cref="SqlitePoolOptions.MaxReaders"/>
/// query-only readers, in WAL mode. Rents wait in FIFO order up to <see cref="SqlitePoolOptions.AcquireTimeout"/>.
/// Every connection keeps its prepared statements for its whole life.
/// </summary>
public sealed partial class SqlitePool : IDisposable, IAsyncDisposable
{
    private readonly AsyncLocal<object?> _writerFlow = new(); // per pool: a flow may hold the writers of several pools

    private readonly string _connectionString;
    private readonly LeaseGate _writerGate;
    private readonly LeaseGate _readerGate;
    private readonly ObjectPool<PhysicalConnection> _idleWriter;
    private readonly ObjectPool<PhysicalConnection> _idleReaders;
    private readonly object _connectionsLock = new();
    private readonly List<WeakReference<PhysicalConnection>> _connections = [];
    private readonly ILogger _logger;
    private readonly string _writerBaseline;
    private readonly string _readerBaseline;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _connectionsCreated;
    private int _connectionsOpen;
    private int _connectionsInUse;
    private long _leasesGranted;
    private long _leaseWaits;
    private long _timeouts;
    private long _broken;
    private long _leaked;
    // Counters of connections already closed, so Statistics keeps them.
    private long _closedPrepared;
    private long _closedHits;
    private long _closedMisses;
    private long _closedEvicted;
    private int _disposed;
    // The reentrancy marker of the current writer rent and where it was rented (for the message).
    private object? _writerFlowToken;
    private string? _writerRentSite;

    /// <summary>Creates a pool with default options for a connection string.</summary>
    public SqlitePool(string connectionString)
        : this(new SqlitePoolOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>Creates a pool. No connection is opened until the first rent (except for in-memory databases, whose writer keeps the data alive).</summary>
    public SqlitePool(SqlitePoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        Options.Validate();

        (_connectionString, IsInMemory, Name) = ConnectionStrings.Normalize(Options.ConnectionString);
        _logger = Options.LoggerFactory?.CreateLogger("Holon.Data.SqlitePool") ?? NullLogger.Instance;
        string sync = Options.Synchronous.ToString().ToUpperInvariant();
        string fk = Options.ForeignKeys ? "ON" : "OFF";
        _writerBaseline = $"PRAGMA query_only=0; PRAGMA foreign_keys={fk}; PRAGMA synchronous={sync};";
        _readerBaseline = $"PRAGMA query_only=1; PRAGMA foreign_keys={fk}; PRAGMA synchronous={sync};";

        _writerGate = new LeaseGate(this, isWriter: true, 1);
        _readerGate = new LeaseGate(this, isWriter: false, Options.MaxReaders);
        _idleWriter = new DefaultObjectPoolProvider { MaximumRetained = 1 }.Create(new ConnectionPolicy(this, isWriter: true));
        _idleReaders = new DefaultObjectPoolProvider { MaximumRetained = Options.MaxReaders }.Create(new ConnectionPolicy(this, isWriter: false));
        Metrics = new PoolMetrics(this);

        if (IsInMemory)
        {
            // The named in-memory database lives while one connection is open: open the writer now and keep it idle.
            RentWriter().Dispose();
        }
    }

    internal SqlitePoolOptions Options { get; }

    internal PoolMetrics Metrics { get; }

    /// <summary>A name for logs and metrics (<c>db.client.connection.pool.name</c>): the data source.</summary>
    public string Name { get; }

    /// <summary>True when the pool serves an in-memory database (shared by all its connections).</summary>
    public bool IsInMemory { get; }

    /// <summary>A snapshot of the pool's counters.</summary>
    public PoolStatistics Statistics
    {
        get
        {
            long prepared = Volatile.Read(ref _closedPrepared), hits = Volatile.Read(ref _closedHits), misses = Volatile.Read(ref _closedMisses), evicted = Volatile.Read(ref _closedEvicted);
            lock (_connectionsLock)
            {
                foreach (var weak in _connections)
                {
                    if (!weak.TryGetTarget(out var c)) continue;
                    prepared += c.StatementsPrepared;
                    hits += c.CacheHits;
                    misses += c.CacheMisses;
                    evicted += c.StatementsEvicted;
                }
            }

            return new PoolStatistics(
                Interlocked.Read(ref _connectionsCreated), Volatile.Read(ref _connectionsOpen), Interlocked.Read(ref _leasesGranted),
                Interlocked.Read(ref _leaseWaits), Interlocked.Read(ref _timeouts), prepared, hits, misses,
                Volatile.Read(ref _connectionsInUse), Interlocked.Read(ref _broken), Interlocked.Read(ref _leaked), evicted);
        }
    }

    /// <summary>Raised (on the finalizer thread) when a lease was dropped without Dispose; carries the rent site when tracked.</summary>
    public event EventHandler<LeaseLeakedEventArgs>? LeaseLeaked;

    /// <summary>Rents a reader (query-only) connection, waiting in FIFO order if all are busy.</summary>
    /// <exception cref="PoolTimeoutException">No reader became free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    public ConnectionLease RentReader() => RentSync(_readerGate, default);

    /// <summary>Rents a reader connection, blocking until one is free or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting; no lease is consumed.</exception>
    /// <exception cref="PoolTimeoutException">No reader became free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentReader(CancellationToken cancellationToken) => RentSync(_readerGate, cancellationToken);

    /// <summary>Rents the writer connection, waiting in FIFO order if it is busy.</summary>
    /// <exception cref="InvalidOperationException">This flow already holds the writer (it would wait for itself forever).</exception>
    /// <exception cref="PoolTimeoutException">The writer did not become free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentWriter() => RentWriter(default);

    /// <summary>Rents the writer connection, blocking in FIFO order until it is free or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="InvalidOperationException">This flow already holds the writer (it would wait for itself forever).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting; no lease is consumed.</exception>
    /// <exception cref="PoolTimeoutException">The writer did not become free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentWriter(CancellationToken cancellationToken)
    {
        CheckWriterReentrancy();
        return RentSync(_writerGate, cancellationToken);
    }

    /// <summary>Rents a reader connection; completes synchronously, without allocating, when one is free.</summary>
    public ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken = default) => RentAsync(_readerGate, cancellationToken);

    /// <summary>Rents the writer connection; completes synchronously, without allocating, when it is free.</summary>
    public ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken = default)
    {
        CheckWriterReentrancy();
        return RentAsync(_writerGate, cancellationToken);
    }

    private ConnectionLease RentSync(LeaseGate gate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (gate.TryEnterOrEnqueue(sync: true, cancellationToken, out var waiter)) return Acquire(gate, 0);
        Interlocked.Increment(ref _leaseWaits);
        waiter!.Arm(Options.AcquireTimeout);
        if (Diagnostics.HolonTelemetry.Source.HasListeners()) return WaitSyncTraced(waiter, gate); // tracing (SqlitePool.Tracing.cs)
        return waiter.WaitSync(Options.AcquireTimeout);
    }

    private ValueTask<ConnectionLease> RentAsync(LeaseGate gate, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<ConnectionLease>(cancellationToken);
        if (gate.TryEnterOrEnqueue(sync: false, cancellationToken, out var waiter)) return new ValueTask<ConnectionLease>(Acquire(gate, 0));
        Interlocked.Increment(ref _leaseWaits);
        waiter!.Arm(Options.AcquireTimeout);
        var wait = new ValueTask<ConnectionLease>(waiter, waiter.Version);
        if (Diagnostics.HolonTelemetry.Source.HasListeners()) return WaitAsyncTraced(wait, gate); // tracing (SqlitePool.Tracing.cs)
        return wait;
    }

    internal ConnectionLease AcquireAfterWait(LeaseGate gate, TimeSpan waited) => Acquire(gate, waited.TotalSeconds);

    /// <summary>Turns a permit into a lease: takes an idle connection (or opens one) and marks it rented.</summary>
    private ConnectionLease Acquire(LeaseGate gate, double waitedSeconds)
    {
        PhysicalConnection connection;
        try
        {
            do
            {
                connection = (gate.IsWriter ? _idleWriter : _idleReaders).Get();
                if (!connection.IsBroken) break;
                DiscardBroken(connection);
            }
            while (true);
        }
        catch
        {
            gate.Release();
            throw;
        }

        connection.IsRented = true;
        // The rent time serves the use-time metric and the "held for" of timeout messages; skip the clock read otherwise.
        bool track = Options.TrackLeaseOrigins;
        connection.RentTimestamp = track || Metrics.UseTimeEnabled ? Stopwatch.GetTimestamp() : 0;
        connection.RentSite = track ? PhysicalConnection.CaptureRentSite() : null;
        Interlocked.Increment(ref _connectionsInUse);
        Interlocked.Increment(ref _leasesGranted);
        Metrics.RecordWait(waitedSeconds);
        if (gate.IsWriter && Options.DetectWriterReentrancy)
        {
            // A fresh object per rent: an old marker left in some other flow never matches a later rent.
            var token = new object();
            connection.FlowToken = token;
            _writerRentSite = connection.RentSite;
            Volatile.Write(ref _writerFlowToken, token);
            _writerFlow.Value = token;
        }

        return new ConnectionLease(connection, connection.Generation);
    }

    private void CheckWriterReentrancy()
    {
        if (!Options.DetectWriterReentrancy) return;
        var token = _writerFlow.Value;
        if (token is null || !ReferenceEquals(token, Volatile.Read(ref _writerFlowToken))) return;
        throw new InvalidOperationException(
            "This flow already holds the writer lease of this pool; renting it again would wait for itself forever. " +
            "Pass the lease you hold down to the code that needs it (nested work can use lease.BeginTransaction(), which becomes a SAVEPOINT). " +
            "Tasks started while holding the writer inherit this flow: start them under ExecutionContext.SuppressFlow(), or set SqlitePoolOptions.DetectWriterReentrancy to false." +
            (_writerRentSite is { } site ? $" The writer was rented at:{Environment.NewLine}{site}" : ""));
    }

    /// <summary>Called by <see cref="ConnectionLease.Dispose"/>.</summary>
    internal void Return(PhysicalConnection connection, long generation)
    {
        if (Interlocked.CompareExchange(ref connection.Generation, generation + 1, generation) != generation) return;
        if (connection.FlowToken is not null)
        {
            // The flow keeps its now-stale marker: it no longer matches _writerFlowToken, and leaving it costs
            // nothing, where clearing it would allocate a new ExecutionContext.
            connection.FlowToken = null;
            Volatile.Write(ref _writerFlowToken, null);
            _writerRentSite = null;
        }

        // Whatever throws here (a metrics listener, a logger, a watch subscriber), the slot goes back to the gate:
        // a lost slot would leave every later rent on this side waiting forever. A reset that did not finish
        // leaves the connection in an unknown state, so it is discarded.
        bool healthy = false;
        try
        {
            Metrics.RecordUse(connection.RentTimestamp);
            connection.RentSite = null;
            if (connection.IsWriter) WriterStatementStarting(); // watch hook: the reset may roll back
            healthy = connection.ResetForReuse();
            if (connection.IsWriter) FlushChanges(healthy); // watch hook: publish what this lease committed
        }
        finally
        {
            connection.IsRented = false;
            Interlocked.Decrement(ref _connectionsInUse);
            var gate = connection.IsWriter ? _writerGate : _readerGate;
            try
            {
                if (healthy)
                {
                    // After Dispose the object pool disposes what it is given back; draining it again covers a return
                    // that raced with Dispose and slipped in just after it emptied the pool.
                    var idle = connection.IsWriter ? _idleWriter : _idleReaders;
                    idle.Return(connection);
                    if (Volatile.Read(ref _disposed) != 0) (idle as IDisposable)?.Dispose();
                }
                else
                {
                    DiscardBroken(connection);
                }
            }
            finally
            {
                gate.Release();
                if (Volatile.Read(ref _disposed) != 0) CheckDrained();
            }
        }
    }

    private void DiscardBroken(PhysicalConnection connection)
    {
        Interlocked.Increment(ref _broken);
        Log.BrokenConnection(_logger, connection.Id, connection.IsWriter ? "writer" : "reader", null);
        connection.Dispose();
    }

    internal PhysicalConnection CreateConnection(bool isWriter)
    {
        if (Volatile.Read(ref _disposed) != 0) throw CreateDisposedException();
        long start = Stopwatch.GetTimestamp();
        var sqlite = new SqliteConnection(_connectionString);
        try
        {
            sqlite.Open();
            var db = sqlite.Handle!;
            // Lets the pool find statements hand-written ADO.NET left running (see PhysicalConnection.ResetForReuse).
            db.enable_sqlite3_next_stmt(true);
            raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, Options.BusyTimeout.TotalMilliseconds));
            if (!IsInMemory) EnableWal(db);
            Exec(db, isWriter ? _writerBaseline : _readerBaseline);
            Options.OnConnectionCreated?.Invoke(sqlite);
            if (!isWriter) Exec(db, "PRAGMA query_only=1;");
            if (isWriter) AttachChangeTracking(db); // watch hook (SqlitePool.Watch.cs)
        }
        catch
        {
            sqlite.Dispose();
            throw;
        }

        var connection = new PhysicalConnection(this, sqlite, isWriter);
        lock (_connectionsLock)
        {
            _connections.RemoveAll(static w => !w.TryGetTarget(out _));
            _connections.Add(connection.Weak);
        }

        Interlocked.Increment(ref _connectionsCreated);
        Interlocked.Increment(ref _connectionsOpen);
        Metrics.RecordCreate(Stopwatch.GetElapsedTime(start).TotalSeconds);
        Log.ConnectionCreated(_logger, connection.Id, isWriter ? "writer" : "reader", Name, null);
        return connection;
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
            if ((primary != raw.SQLITE_BUSY && primary != raw.SQLITE_LOCKED) || Stopwatch.GetElapsedTime(start) >= Options.BusyTimeout)
                throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(db), message, "connection setup", Sql);
            Thread.Sleep(Math.Min(attempt, 20));
        }
    }

    private static void Exec(sqlite3 db, string sql)
    {
        int rc = raw.sqlite3_exec(db, sql, null, null, out var message);
        if (rc != raw.SQLITE_OK) throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(db), message, "connection setup", sql);
    }

    internal string BaselinePragmas(bool isWriter) => isWriter ? _writerBaseline : _readerBaseline + "PRAGMA query_only=1;";

    internal void OnConnectionClosed(PhysicalConnection connection)
    {
        Interlocked.Decrement(ref _connectionsOpen);
        Interlocked.Add(ref _closedPrepared, connection.StatementsPrepared);
        Interlocked.Add(ref _closedHits, connection.CacheHits);
        Interlocked.Add(ref _closedMisses, connection.CacheMisses);
        Interlocked.Add(ref _closedEvicted, connection.StatementsEvicted);
        lock (_connectionsLock) _connections.Remove(connection.Weak);
        Log.ConnectionClosed(_logger, connection.Id, connection.IsWriter ? "writer" : "reader", null);
    }

    /// <summary>Runs on the finalizer thread for a rented connection nobody can reach: the lease leaked.</summary>
    internal void OnLeaked(PhysicalConnection connection)
    {
        if (connection.FlowToken is not null) Volatile.Write(ref _writerFlowToken, null);
        Interlocked.Increment(ref _leaked);
        Interlocked.Decrement(ref _connectionsInUse);
        Interlocked.Decrement(ref _connectionsOpen);
        Interlocked.Add(ref _closedPrepared, connection.StatementsPrepared);
        Interlocked.Add(ref _closedHits, connection.CacheHits);
        Interlocked.Add(ref _closedMisses, connection.CacheMisses);
        Interlocked.Add(ref _closedEvicted, connection.StatementsEvicted);
        var side = connection.IsWriter ? "writer" : "reader";
        try
        {
            Log.LeaseLeaked(_logger, side, connection.Id, connection.RentSite ?? "(set SqlitePoolOptions.TrackLeaseOrigins to record rent sites)", null);
            LeaseLeaked?.Invoke(this, new LeaseLeakedEventArgs(connection.IsWriter, connection.Id, connection.RentSite));
        }
        catch (Exception)
        {
            // Never throw on the finalizer thread.
        }

        // Its SQLite handles are released by their own finalizers; the capacity comes back now.
        (connection.IsWriter ? _writerGate : _readerGate).Release();
        if (Volatile.Read(ref _disposed) != 0) CheckDrained();
    }

    internal void OnWaitFailed(LeaseGate gate, GateOutcome outcome, TimeSpan waited)
    {
        if (outcome == GateOutcome.TimedOut)
        {
            Interlocked.Increment(ref _timeouts);
            Metrics.RecordTimeout();
            Log.Timeout(_logger, gate.SideName, gate.Capacity, waited.TotalMilliseconds, null);
        }
    }

    internal PoolTimeoutException CreateTimeoutException(LeaseGate gate, TimeSpan waited)
    {
        var sb = new StringBuilder();
        sb.Append("Timed out after ").Append(waited.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))
          .Append(" ms waiting for a ").Append(gate.SideName).Append(" connection of pool '").Append(Name)
          .Append("' (").Append(gate.SideName).Append(" capacity ").Append(gate.Capacity).Append(", ")
          .Append(gate.Waiting).Append(" waiting). ");
        if (!Options.TrackLeaseOrigins)
        {
            sb.Append("Set SqlitePoolOptions.TrackLeaseOrigins to see where the holders rented their leases.");
        }
        else
        {
            sb.Append("Current holders:");
            int n = 0;
            foreach (var weak in SnapshotConnections())
            {
                if (!weak.TryGetTarget(out var c) || c.IsWriter != gate.IsWriter || !c.IsRented) continue;
                n++;
                sb.AppendLine().Append("  ").Append(c).Append(", held for ")
                  .Append(Stopwatch.GetElapsedTime(c.RentTimestamp).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))
                  .Append(" ms, rented at:").AppendLine().Append(c.RentSite ?? "    (unknown)");
            }

            if (n == 0) sb.Append(" none found (a lease may have leaked).");
        }

        return new PoolTimeoutException(sb.ToString(), gate.IsWriter, gate.Capacity, waited);
    }

    internal ObjectDisposedException CreateDisposedException() => new(nameof(SqlitePool), $"The pool '{Name}' is disposed.");

    private WeakReference<PhysicalConnection>[] SnapshotConnections()
    {
        lock (_connectionsLock) return [.. _connections];
    }

    internal (int Idle, int Used, int Pending) Counts()
    {
        int used = Volatile.Read(ref _connectionsInUse);
        int open = Volatile.Read(ref _connectionsOpen);
        return (Math.Max(0, open - used), used, _writerGate.Waiting + _readerGate.Waiting);
    }

    internal int MaxConnections => 1 + Options.MaxReaders;

    /// <summary>
    /// Disposes the pool: waiters and new rents fail at once with <see cref="ObjectDisposedException"/>; leases
    /// already out keep working until returned; idle connections close now and the rest as they come back.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _writerGate.Close();
        _readerGate.Close();
        StopChangeTracking(); // watch hook
        (_idleWriter as IDisposable)?.Dispose();
        (_idleReaders as IDisposable)?.Dispose();
        CheckDrained();
        Metrics.Dispose();
    }

    /// <summary>
    /// Like <see cref="Dispose"/>, then waits until every outstanding lease has been returned and every connection
    /// closed, so the database file can be deleted afterwards.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _drained.Task.ConfigureAwait(false);
    }

    private void CheckDrained()
    {
        if (Volatile.Read(ref _connectionsInUse) == 0 && Volatile.Read(ref _connectionsOpen) == 0) _drained.TrySetResult();
    }

    private sealed class ConnectionPolicy(SqlitePool pool, bool isWriter) : IPooledObjectPolicy<PhysicalConnection>
    {
        public PhysicalConnection Create() => pool.CreateConnection(isWriter);

        public bool Return(PhysicalConnection obj) => !obj.IsBroken;
    }
}
