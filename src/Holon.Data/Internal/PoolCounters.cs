namespace Holon.Data.Internal;

/// <summary>
/// The pool's counters: what <see cref="SqlitePool.Statistics"/> reports and the <c>Holon.Data</c> meter
/// (<see cref="Metrics"/>) observes. It also keeps the weak list of open connections, whose own statement
/// counters are summed into each snapshot and rolled up once when a connection closes or leaks.
/// </summary>
internal sealed class PoolCounters : IDisposable
{
    private readonly object _connectionsLock = new();
    private readonly List<WeakReference<PhysicalConnection>> _connections = [];
    private long _connectionsCreated;
    private int _connectionsOpen;
    private int _connectionsInUse;
    private long _leasesGranted;
    private long _leaseWaits;
    private long _timeouts;
    private long _broken;
    private long _leaked;
    // Statement counters of connections already closed, so Statistics keeps them.
    private long _closedPrepared;
    private long _closedHits;
    private long _closedMisses;
    private long _closedEvicted;

    /// <param name="poolName">The <c>db.client.connection.pool.name</c> tag.</param>
    /// <param name="maxConnections">The writer plus the readers.</param>
    /// <param name="pending">Rents waiting right now (both sides), for the pending-requests instrument.</param>
    public PoolCounters(string poolName, int maxConnections, Func<int> pending)
    {
        Metrics = new PoolMetrics(poolName, maxConnections, this, pending);
    }

    public PoolMetrics Metrics { get; }

    public int ConnectionsOpen => Volatile.Read(ref _connectionsOpen);

    public int ConnectionsInUse => Volatile.Read(ref _connectionsInUse);

    /// <summary>True when no lease is out and no connection is open: a disposed pool is drained.</summary>
    public bool IsDrained => ConnectionsInUse == 0 && ConnectionsOpen == 0;

    public PoolStatistics Snapshot()
    {
        long prepared = Volatile.Read(ref _closedPrepared), hits = Volatile.Read(ref _closedHits);
        long misses = Volatile.Read(ref _closedMisses), evicted = Volatile.Read(ref _closedEvicted);
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
            Interlocked.Read(ref _connectionsCreated), ConnectionsOpen, Interlocked.Read(ref _leasesGranted),
            Interlocked.Read(ref _leaseWaits), Interlocked.Read(ref _timeouts), prepared, hits, misses,
            ConnectionsInUse, Interlocked.Read(ref _broken), Interlocked.Read(ref _leaked), evicted);
    }

    /// <summary>The open connections, for timeout messages that list the holders.</summary>
    public WeakReference<PhysicalConnection>[] SnapshotConnections()
    {
        lock (_connectionsLock) return [.. _connections];
    }

    public void ConnectionOpened(PhysicalConnection connection, double seconds)
    {
        lock (_connectionsLock)
        {
            _connections.RemoveAll(static w => !w.TryGetTarget(out _));
            _connections.Add(connection.Weak);
        }

        Interlocked.Increment(ref _connectionsCreated);
        Interlocked.Increment(ref _connectionsOpen);
        Metrics.RecordCreate(seconds);
    }

    /// <summary>A connection closed (or leaked): its statement counters move into the closed totals.</summary>
    public void ConnectionClosed(PhysicalConnection connection)
    {
        Interlocked.Decrement(ref _connectionsOpen);
        RollUp(connection);
        lock (_connectionsLock) _connections.Remove(connection.Weak);
    }

    /// <summary>A rented connection was finalized: its lease leaked. It is neither in use nor open any more.</summary>
    public void ConnectionLeaked(PhysicalConnection connection)
    {
        Interlocked.Increment(ref _leaked);
        Interlocked.Decrement(ref _connectionsInUse);
        Interlocked.Decrement(ref _connectionsOpen);
        RollUp(connection);
    }

    public void LeaseGranted(double waitedSeconds)
    {
        Interlocked.Increment(ref _connectionsInUse);
        Interlocked.Increment(ref _leasesGranted);
        Metrics.RecordWait(waitedSeconds);
    }

    public void LeaseReturned() => Interlocked.Decrement(ref _connectionsInUse);

    public void LeaseWaited() => Interlocked.Increment(ref _leaseWaits);

    public void TimedOut()
    {
        Interlocked.Increment(ref _timeouts);
        Metrics.RecordTimeout();
    }

    public void ConnectionBroken() => Interlocked.Increment(ref _broken);

    private void RollUp(PhysicalConnection connection)
    {
        Interlocked.Add(ref _closedPrepared, connection.StatementsPrepared);
        Interlocked.Add(ref _closedHits, connection.CacheHits);
        Interlocked.Add(ref _closedMisses, connection.CacheMisses);
        Interlocked.Add(ref _closedEvicted, connection.StatementsEvicted);
    }

    public void Dispose() => Metrics.Dispose();
}
