using System.Diagnostics.Metrics;
using Npgsql;

namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// The watch instruments on the <c>Holon.Data</c> meter, with the names SQLite's watches use, observed from the
/// watcher's counters. Measurements carry <c>db.client.connection.pool.name</c> (host:port/database of the data source).
/// </summary>
internal sealed class WatchMeter : IDisposable
{
    private readonly Meter _meter = new("Holon.Data");

    public WatchMeter(NpgsqlDataSource source, WatchCounters c)
    {
        var b = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        var tag = new KeyValuePair<string, object?>("db.client.connection.pool.name", b.Host + ":" + b.Port + "/" + b.Database);
        _meter.CreateObservableUpDownCounter("holon.data.watch.registrations", () => new Measurement<long>(Volatile.Read(ref c.Registrations), tag),
            "{registration}", "Shared watch registrations: one per distinct statement and arguments being watched.");
        _meter.CreateObservableUpDownCounter("holon.data.watch.shared_subscribers", () => new Measurement<long>(Volatile.Read(ref c.Subscribers), tag),
            "{subscriber}", "Watch enumerations currently attached to a shared registration.");
        _meter.CreateObservableCounter("holon.data.watch.refreshes", () => new Measurement<long>(Interlocked.Read(ref c.Refreshes), tag),
            "{refresh}", "Times a watch registration ran its query.");
        _meter.CreateObservableCounter("holon.data.watch.coalesced_refreshes", () => new Measurement<long>(Interlocked.Read(ref c.CoalescedRefreshes), tag),
            "{refresh}", "Change notifications merged into a later refresh instead of causing their own.");
        _meter.CreateObservableCounter("holon.data.watch.skipped_equal", () => new Measurement<long>(Interlocked.Read(ref c.SkippedEqual), tag),
            "{emission}", "Results not yielded because they equalled the previous one.");
    }

    public void Dispose() => _meter.Dispose();
}
