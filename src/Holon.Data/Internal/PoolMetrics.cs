using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Holon.Data.Internal;

/// <summary>
/// The pool's instruments on the <c>Holon.Data</c> meter: OpenTelemetry's database-client connection metrics
/// (<c>db.client.connection.*</c>) plus statement-cache counters. Measurements carry <c>db.client.connection.pool.name</c>.
/// </summary>
internal sealed class PoolMetrics : IDisposable
{
    public const string MeterName = "Holon.Data";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _poolTag;
    private readonly Counter<long> _timeouts;
    private readonly Histogram<double> _createTime;
    private readonly Histogram<double> _waitTime;
    private readonly Histogram<double> _useTime;
    private readonly Counter<long> _prepared;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;

    public PoolMetrics(string poolName, int maxConnections, PoolCounters counters, Func<int> pending)
    {
        _poolTag = new("db.client.connection.pool.name", poolName);
        _meter = new Meter(MeterName);
        var poolTag = _poolTag;
        _meter.CreateObservableUpDownCounter("db.client.connection.count", () =>
        {
            int used = counters.ConnectionsInUse;
            int idle = Math.Max(0, counters.ConnectionsOpen - used);
            return new[]
            {
                new Measurement<long>(idle, poolTag, new("db.client.connection.state", "idle")),
                new Measurement<long>(used, poolTag, new("db.client.connection.state", "used")),
            };
        }, "{connection}", "The number of connections that are currently in the state described by the state attribute.");
        _meter.CreateObservableUpDownCounter("db.client.connection.max", () => new Measurement<long>(maxConnections, poolTag),
            "{connection}", "The maximum number of open connections allowed.");
        _meter.CreateObservableUpDownCounter("db.client.connection.pending_requests", () => new Measurement<long>(pending(), poolTag),
            "{request}", "The number of current pending requests for an open connection.");
        _timeouts = _meter.CreateCounter<long>("db.client.connection.timeouts", "{timeout}",
            "The number of connection timeouts that have occurred trying to obtain a connection from the pool.");
        _createTime = _meter.CreateHistogram<double>("db.client.connection.create_time", "s", "The time it took to create a new connection.");
        _waitTime = _meter.CreateHistogram<double>("db.client.connection.wait_time", "s", "The time it took to obtain an open connection from the pool.");
        _useTime = _meter.CreateHistogram<double>("db.client.connection.use_time", "s", "The time between borrowing a connection and returning it to the pool.");
        _prepared = _meter.CreateCounter<long>("holon.data.statement.prepared", "{statement}", "Statements prepared (sqlite3_prepare_v3).");
        _hits = _meter.CreateCounter<long>("holon.data.statement.cache.hits", "{statement}", "Statement requests served by a connection's cache.");
        _misses = _meter.CreateCounter<long>("holon.data.statement.cache.misses", "{statement}", "Statement requests that had to prepare.");
    }

    public void RecordTimeout() => _timeouts.Add(1, _poolTag);

    public void RecordCreate(double seconds) => _createTime.Record(seconds, _poolTag);

    public void RecordWait(double seconds)
    {
        if (_waitTime.Enabled) _waitTime.Record(seconds, _poolTag);
    }

    /// <summary>True when someone listens to use time, so rents need a timestamp.</summary>
    public bool UseTimeEnabled => _useTime.Enabled;

    public void RecordUse(long rentTimestamp)
    {
        // 0: nobody listened when the lease was rented, so there is no start time to measure from.
        if (rentTimestamp != 0 && _useTime.Enabled) _useTime.Record(Stopwatch.GetElapsedTime(rentTimestamp).TotalSeconds, _poolTag);
    }

    public void StatementPrepared()
    {
        if (_prepared.Enabled) _prepared.Add(1, _poolTag);
    }

    public void StatementHit()
    {
        if (_hits.Enabled) _hits.Add(1, _poolTag);
    }

    public void StatementMiss()
    {
        if (_misses.Enabled) _misses.Add(1, _poolTag);
    }

    public void Dispose() => _meter.Dispose();
}
