using System.Diagnostics.Metrics;
using Holon.Data.Watching;

namespace Holon.Data.Internal;

/// <summary>
/// The watch instruments on the <c>Holon.Data</c> meter (a meter instance of its own, created with the first watch,
/// so pools without watches publish none). All are observed from the hub's counters: recording them costs the
/// writer and the refresher nothing. Measurements carry <c>db.client.connection.pool.name</c>.
/// </summary>
internal sealed class WatchMetrics : IDisposable
{
    private readonly Meter _meter = new(PoolMetrics.MeterName);

    public WatchMetrics(SqlitePool pool, ChangeHub hub)
    {
        var tag = new KeyValuePair<string, object?>("db.client.connection.pool.name", pool.Name);
        _meter.CreateObservableUpDownCounter("holon.data.watch.registrations", () => new Measurement<long>(hub.Registrations, tag),
            "{registration}", "Shared watch registrations: one per distinct statement and arguments being watched.");
        _meter.CreateObservableUpDownCounter("holon.data.watch.shared_subscribers", () => new Measurement<long>(Volatile.Read(ref hub.Watches.Subscribers), tag),
            "{subscriber}", "Watch enumerations currently attached to a shared registration.");
        _meter.CreateObservableCounter("holon.data.watch.refreshes", () => new Measurement<long>(Interlocked.Read(ref hub.Refreshes), tag),
            "{refresh}", "Times a watch registration ran its query.");
        _meter.CreateObservableCounter("holon.data.watch.coalesced_refreshes", () => new Measurement<long>(Interlocked.Read(ref hub.Watches.CoalescedRefreshes), tag),
            "{refresh}", "Change notifications merged into a later refresh instead of causing their own.");
        _meter.CreateObservableCounter("holon.data.watch.skipped_equal", () => new Measurement<long>(Interlocked.Read(ref hub.Watches.SkippedEqual), tag),
            "{emission}", "Results not yielded because they equalled the previous one.");
    }

    public void Dispose() => _meter.Dispose();
}
