using Microsoft.Extensions.Logging;

namespace Holon.Data.Internal;

/// <summary>
/// Handles a lease dropped without Dispose, found when its rented connection is finalized: counts it, logs it and
/// raises <see cref="SqlitePool.LeaseLeaked"/>. Runs on the finalizer thread, so it never throws.
/// </summary>
internal sealed class LeakReporter(ILogger logger, PoolCounters counters, WriterReentrancy reentrancy)
{
    public void Report(PhysicalConnection connection, SqlitePool pool, EventHandler<LeaseLeakedEventArgs>? handlers)
    {
        if (connection.FlowToken is not null) reentrancy.Exit();
        counters.ConnectionLeaked(connection);
        var side = connection.IsWriter ? "writer" : "reader";
        try
        {
            Log.LeaseLeaked(logger, side, connection.Id, connection.RentSite ?? "(set SqlitePoolOptions.TrackLeaseOrigins to record rent sites)", null);
            handlers?.Invoke(pool, new LeaseLeakedEventArgs(connection.IsWriter, connection.Id, connection.RentSite));
        }
        catch (Exception)
        {
            // Never throw on the finalizer thread.
        }
    }
}
