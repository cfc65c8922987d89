using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Holon.Data.Tests;

public class MetricsTests
{
    [Fact]
    public async Task ConnectionAndStatementMetricsAreEmitted()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.AcquireTimeout = TimeSpan.FromMilliseconds(50);
        await using var pool = new SqlitePool(options);
        var seen = new ConcurrentDictionary<string, double>();
        var states = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Holon.Data") l.EnableMeasurementEvents(instrument);
        };
        void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? poolName = null, state = null;
            foreach (var t in tags)
            {
                if (t.Key == "db.client.connection.pool.name") poolName = t.Value as string;
                if (t.Key == "db.client.connection.state") state = t.Value as string;
            }

            if (poolName != pool.Name) return; // other tests run in parallel
            seen.AddOrUpdate(instrument.Name, value, (_, v) => v + value);
            if (state is not null) states[state] = (long)value;
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.Start();

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.Execute("CREATE TABLE t (x)");
        var r = pool.RentReader(TestContext.Current.CancellationToken);
        r.Scalar<long>("SELECT count(*) FROM t");
        listener.RecordObservableInstruments();
        Assert.Equal(1, states["used"]);
        Assert.Equal(1, states["idle"]);
        await Assert.ThrowsAsync<PoolTimeoutException>(async () => await pool.RentReaderAsync(TestContext.Current.CancellationToken));
        r.Dispose();
        using (var r2 = pool.RentReader(TestContext.Current.CancellationToken)) r2.Scalar<long>("SELECT count(*) FROM t");

        listener.RecordObservableInstruments();
        Assert.Equal(0, states["used"]);
        Assert.Equal(2, states["idle"]);
        Assert.Equal(2 * 2, seen["db.client.connection.max"]); // observed twice, 1 + MaxReaders each time
        Assert.True(seen.ContainsKey("db.client.connection.pending_requests"));
        Assert.Equal(1, seen["db.client.connection.timeouts"]);
        Assert.True(seen.ContainsKey("db.client.connection.create_time"));
        Assert.True(seen.ContainsKey("db.client.connection.wait_time"));
        Assert.True(seen.ContainsKey("db.client.connection.use_time"));
        Assert.Equal(2, seen["holon.data.statement.prepared"]);
        Assert.Equal(2, seen["holon.data.statement.cache.misses"]);
        Assert.Equal(1, seen["holon.data.statement.cache.hits"]);
    }

    [Fact]
    public void AThrowingMetricsListenerCannotCostTheGateASlot()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.AcquireTimeout = TimeSpan.FromSeconds(2);
        using var pool = new SqlitePool(options);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Holon.Data" && instrument.Name == "db.client.connection.use_time") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (Equals(tag.Value, pool.Name)) throw new InvalidOperationException("a broken listener");
            }
        });
        listener.Start();

        var lease = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Throws<InvalidOperationException>(() => lease.Dispose());
        listener.Dispose();

        // The only reader slot came back: this rent would time out otherwise.
        using var again = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(1, again.Scalar<long>("SELECT 1"));
        Assert.Equal(1, pool.Statistics.ConnectionsInUse); // just "again"
    }
}
