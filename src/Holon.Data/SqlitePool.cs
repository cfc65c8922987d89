using System.Diagnostics;
using Holon.Data.Internal;
using Holon.Data.Internal.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.ObjectPool;

namespace Holon.Data;

/// <summary>
/// A bounded pool of long-lived SQLite connections: one writer and <see cref="SqlitePoolOptions.MaxReaders"/>
/// readers (opened read-only), in WAL mode. Rents wait in FIFO order up to <see cref="SqlitePoolOptions.AcquireTimeout"/>.
/// Every connection keeps its prepared statements for its whole life.
/// </summary>
public sealed partial class SqlitePool : IDisposable, IAsyncDisposable
{
    private readonly LeaseGate _writerGate;
    private readonly LeaseGate _readerGate;
    private readonly ObjectPool<PhysicalConnection> _idleWriter;
    private readonly ObjectPool<PhysicalConnection> _idleReaders;
    private readonly ConnectionFactory _factory;
    private readonly PoolCounters _counters;
    private readonly WriterReentrancy _reentrancy;
    private readonly LeakReporter _leaks;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private int _nativePathReported;

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

        (string connectionString, IsInMemory, Name) = ConnectionStrings.Normalize(Options.ConnectionString);
        if (IsInMemory && Options.ReadOnly)
            throw new ArgumentException("An in-memory database cannot be ReadOnly: it starts empty and only its writer could fill it.", nameof(options));
        _logger = Options.LoggerFactory?.CreateLogger("Holon.Data.SqlitePool") ?? NullLogger.Instance;
        _writerGate = new LeaseGate(this, isWriter: true, 1);
        _readerGate = new LeaseGate(this, isWriter: false, Options.MaxReaders);
        _counters = new PoolCounters(Name, 1 + Options.MaxReaders, () => _writerGate.Waiting + _readerGate.Waiting);
        _factory = new ConnectionFactory(Options, connectionString, Name, IsInMemory, _counters.Metrics, AttachChangeTracking);
        _reentrancy = new WriterReentrancy(Options.DetectWriterReentrancy);
        _leaks = new LeakReporter(_logger, _counters, _reentrancy);
        _idleWriter = new DefaultObjectPoolProvider { MaximumRetained = 1 }.Create(new ConnectionPolicy(this, isWriter: true));
        _idleReaders = new DefaultObjectPoolProvider { MaximumRetained = Options.MaxReaders }.Create(new ConnectionPolicy(this, isWriter: false));

        if (IsInMemory)
        {
            // The named in-memory database lives while one connection is open: open the writer now and keep it idle.
            RentWriter().Dispose();
        }

        InitializeMigrations(); // migrations (SqlitePool.Migrations.cs): after the in-memory writer, before any rent
    }

    internal SqlitePoolOptions Options { get; }

    internal PoolMetrics Metrics => _counters.Metrics;

    /// <summary>A name for logs and metrics (<c>db.client.connection.pool.name</c>): the data source.</summary>
    public string Name { get; }

    /// <summary>True when the pool serves an in-memory database (shared by all its connections).</summary>
    public bool IsInMemory { get; }

    /// <summary>A snapshot of the pool's counters.</summary>
    public PoolStatistics Statistics => _counters.Snapshot();

    /// <summary>Raised (on the finalizer thread) when a lease was dropped without Dispose; carries the rent site when tracked.</summary>
    public event EventHandler<LeaseLeakedEventArgs>? LeaseLeaked;

    /// <summary>Rents a reader (read-only) connection, waiting in FIFO order if all are busy.</summary>
    /// <exception cref="PoolTimeoutException">No reader became free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    public ConnectionLease RentReader() => RentSync(_readerGate, default);

    /// <summary>Rents a reader connection, blocking until one is free or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting; no lease is consumed.</exception>
    /// <exception cref="PoolTimeoutException">No reader became free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentReader(CancellationToken cancellationToken) => RentSync(_readerGate, cancellationToken);

    /// <summary>Rents the writer connection, waiting in FIFO order if it is busy.</summary>
    /// <exception cref="InvalidOperationException">This flow already holds the writer (it would wait for itself forever), or the pool is <see cref="SqlitePoolOptions.ReadOnly"/>.</exception>
    /// <exception cref="PoolTimeoutException">The writer did not become free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentWriter() => RentWriter(default);

    /// <summary>Rents the writer connection, blocking in FIFO order until it is free or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="InvalidOperationException">This flow already holds the writer (it would wait for itself forever), or the pool is <see cref="SqlitePoolOptions.ReadOnly"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting; no lease is consumed.</exception>
    /// <exception cref="PoolTimeoutException">The writer did not become free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentWriter(CancellationToken cancellationToken)
    {
        if (Options.ReadOnly) throw ReadOnlyPool();
        _reentrancy.Check();
        return RentSync(_writerGate, cancellationToken);
    }

    /// <summary>Rents a reader connection; completes synchronously, without allocating, when one is free.</summary>
    public ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken = default) => RentAsync(_readerGate, cancellationToken);

    /// <summary>Rents the writer connection; completes synchronously, without allocating, when it is free.</summary>
    /// <exception cref="InvalidOperationException">This flow already holds the writer, or the pool is <see cref="SqlitePoolOptions.ReadOnly"/> (thrown, not returned in the task).</exception>
    public ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken = default)
    {
        if (Options.ReadOnly) throw ReadOnlyPool();
        _reentrancy.Check();
        return RentAsync(_writerGate, cancellationToken);
    }

    /// <summary>
    /// For reads (generated <c>[Query]</c> methods): when the calling flow holds this pool's writer, a non-owning lease
    /// on that writer, so the read sees the flow's own uncommitted writes (disposing it leaves the writer rented);
    /// otherwise a reader, as <see cref="RentReader(CancellationToken)"/>. The flow is known only while
    /// <see cref="SqlitePoolOptions.DetectWriterReentrancy"/> is on; with it off this always rents a reader.
    /// </summary>
    /// <exception cref="PoolTimeoutException">No reader became free within <see cref="SqlitePoolOptions.AcquireTimeout"/>.</exception>
    public ConnectionLease RentForRead(CancellationToken cancellationToken = default)
    {
        if (_reentrancy.TryGetHeld(out var writer, out long generation)) return new ConnectionLease(writer!, generation, borrowed: true);
        return RentSync(_readerGate, cancellationToken);
    }

    /// <summary>The asynchronous <see cref="RentForRead"/>; completes synchronously, without allocating, when a reader is free or the writer is held.</summary>
    public ValueTask<ConnectionLease> RentForReadAsync(CancellationToken cancellationToken = default)
    {
        if (_reentrancy.TryGetHeld(out var writer, out long generation))
            return new ValueTask<ConnectionLease>(new ConnectionLease(writer!, generation, borrowed: true));
        return RentAsync(_readerGate, cancellationToken);
    }

    /// <summary>
    /// For generated <c>RETURNING</c> streams: rents the writer when enumeration starts, on the flow that enumerates,
    /// so renting the writer again inside the <c>await foreach</c> throws at once; the lease is returned when the
    /// enumeration ends or is disposed.
    /// </summary>
    public IAsyncEnumerable<T> StreamOnWriter<T>(Func<ConnectionLease, CancellationToken, IAsyncEnumerable<T>> body,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new WriterStream<T>(this, body, cancellationToken);
    }

    /// <summary>See <see cref="WriterReentrancy.Claim"/>.</summary>
    internal object? ClaimWriterFlow() => _reentrancy.Claim();

    /// <summary>See <see cref="WriterReentrancy.Adopt"/>.</summary>
    internal void AdoptWriterFlow(object? claim) => _reentrancy.Adopt(claim);

    private ConnectionLease RentSync(LeaseGate gate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_startupMigrations is not null) EnsureMigrated(cancellationToken); // migrations (SqlitePool.Migrations.cs)
        if (gate.TryEnterOrEnqueue(sync: true, cancellationToken, out var waiter)) return Acquire(gate, 0);
        _counters.LeaseWaited();
        waiter!.Arm(Options.AcquireTimeout);
        if (Diagnostics.HolonTelemetry.Source.HasListeners()) return WaitSyncTraced(waiter, gate); // tracing (SqlitePool.Tracing.cs)
        return waiter.WaitSync(Options.AcquireTimeout);
    }

    private ValueTask<ConnectionLease> RentAsync(LeaseGate gate, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<ConnectionLease>(cancellationToken);
        if (_startupMigrations is not null && !ReferenceEquals(t_migrating, this)) return RentAfterMigrationAsync(gate, cancellationToken); // migrations
        if (gate.TryEnterOrEnqueue(sync: false, cancellationToken, out var waiter)) return new ValueTask<ConnectionLease>(Acquire(gate, 0));
        _counters.LeaseWaited();
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

        // The rent time serves the use-time metric and the "held for" of timeout messages; skip the clock read otherwise.
        bool track = Options.TrackLeaseOrigins;
        long timestamp = track || Metrics.UseTimeEnabled ? Stopwatch.GetTimestamp() : 0;
        string? site = track ? PhysicalConnection.CaptureRentSite() : null;
        object? flowToken = gate.IsWriter ? _reentrancy.Enter(site, connection) : null;
        connection.BeginRent(timestamp, site, flowToken);
        _counters.LeaseGranted(waitedSeconds);
        return new ConnectionLease(connection, connection.Generation);
    }

    /// <summary>Called by <see cref="ConnectionLease.Dispose"/>.</summary>
    internal void Return(PhysicalConnection connection, long generation)
    {
        bool heldFlow = connection.FlowToken is not null;
        if (connection.HasTracedWait && connection.Generation == generation) connection.FlushTracedWait(); // tracing
        if (!connection.TryEndRent(generation)) return;
        if (heldFlow) _reentrancy.Exit();

        // Whatever throws here (a metrics listener, a logger, a watch subscriber), the slot goes back to the gate:
        // a lost slot would leave every later rent on this side waiting forever. A reset that did not finish
        // leaves the connection in an unknown state, so it is discarded.
        bool healthy = false;
        try
        {
            Metrics.RecordUse(connection.RentTimestamp);
            healthy = connection.ResetForReuse(); // on the writer, this also publishes what the lease committed
        }
        finally
        {
            connection.MarkReturned();
            _counters.LeaseReturned();
            Recycle(connection, healthy);
        }
    }

    /// <summary>Back to the idle pool (or discarded), and the permit back to the gate whatever happens.</summary>
    private void Recycle(PhysicalConnection connection, bool healthy)
    {
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
            (connection.IsWriter ? _writerGate : _readerGate).Release();
            if (Volatile.Read(ref _disposed) != 0) CheckDrained();
        }
    }

    private void DiscardBroken(PhysicalConnection connection)
    {
        _counters.ConnectionBroken();
        Log.BrokenConnection(_logger, connection.Id, connection.IsWriter ? "writer" : "reader", null);
        connection.Dispose();
    }

    internal PhysicalConnection CreateConnection(bool isWriter)
    {
        if (Volatile.Read(ref _disposed) != 0) throw CreateDisposedException();
        long start = Stopwatch.GetTimestamp();
        var connection = _factory.Create(this, isWriter);
        _counters.ConnectionOpened(connection, Stopwatch.GetElapsedTime(start).TotalSeconds);
        Log.ConnectionCreated(_logger, connection.Id, isWriter ? "writer" : "reader", Name, null);
        // Once per pool, after SQLitePCLRaw has loaded SQLite (the direct path resolves against that library).
        if (Interlocked.Exchange(ref _nativePathReported, 1) == 0 && !SqliteDirect.Enabled)
            NativeLog.DirectPathUnavailable(_logger, Name, SqliteDirect.UnavailableReason ?? "turned off", null);
        return connection;
    }

    internal void OnConnectionClosed(PhysicalConnection connection)
    {
        _counters.ConnectionClosed(connection);
        Log.ConnectionClosed(_logger, connection.Id, connection.IsWriter ? "writer" : "reader", null);
    }

    /// <summary>Runs on the finalizer thread for a rented connection nobody can reach: the lease leaked.</summary>
    internal void OnLeaked(PhysicalConnection connection)
    {
        // The handle is closed first (its open transaction rolled back, its locks released), then the flow marker is
        // released and the leak reported, and only then does the capacity come back: the next renter gets a fresh
        // connection on a file nobody holds locked.
        connection.CloseLeaked();
        _leaks.Report(connection, this, LeaseLeaked);
        (connection.IsWriter ? _writerGate : _readerGate).Release();
        if (Volatile.Read(ref _disposed) != 0) CheckDrained();
    }

    internal void OnWaitFailed(LeaseGate gate, GateOutcome outcome, TimeSpan waited)
    {
        if (outcome == GateOutcome.TimedOut)
        {
            _counters.TimedOut();
            Log.Timeout(_logger, gate.SideName, gate.Capacity, waited.TotalMilliseconds, null);
        }
    }

    internal PoolTimeoutException CreateTimeoutException(LeaseGate gate, TimeSpan waited)
        => PoolTimeoutMessage.Create(Name, gate, waited, Options.TrackLeaseOrigins, _counters.SnapshotConnections());

    private InvalidOperationException ReadOnlyPool()
        => new($"The pool '{Name}' is read-only (SqlitePoolOptions.ReadOnly): it has no writer, so it cannot write, run a unit of work on the writer or migrate. Rent a reader to read.");

    internal ObjectDisposedException CreateDisposedException() => new(nameof(SqlitePool), $"The pool '{Name}' is disposed.");

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
        _counters.Dispose();
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
        if (_counters.IsDrained) _drained.TrySetResult();
    }

    private sealed class ConnectionPolicy(SqlitePool pool, bool isWriter) : IPooledObjectPolicy<PhysicalConnection>
    {
        public PhysicalConnection Create() => pool.CreateConnection(isWriter);

        public bool Return(PhysicalConnection obj) => !obj.IsBroken;
    }
}
