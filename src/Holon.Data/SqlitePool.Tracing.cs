using System.Diagnostics;
using Holon.Data.Diagnostics;
using Holon.Data.Internal;

namespace Holon.Data;

// Tracing hooks of the pool (see Diagnostics/HolonTelemetry.cs): the span namespace and traced lease waits.
// The rent paths call these only when the Holon.Data ActivitySource has listeners and the rent has to wait.
public sealed partial class SqlitePool
{
    private string? _traceNamespace;

    /// <summary><c>db.namespace</c>: the database file's name (the data source for in-memory databases).</summary>
    internal string TraceNamespace => _traceNamespace ??= (IsInMemory ? Name : Path.GetFileName(Name) is { Length: > 0 } file ? file : Name);

    private ConnectionLease WaitSyncTraced(GateWaiter waiter, LeaseGate gate)
    {
        var startUtc = DateTime.UtcNow;
        long start = Stopwatch.GetTimestamp();
        ConnectionLease lease;
        try
        {
            lease = waiter.WaitSync(Options.AcquireTimeout);
        }
        catch
        {
            HolonTelemetry.RecordLeaseWait(this, gate.IsWriter, startUtc, Stopwatch.GetElapsedTime(start), acquired: false);
            throw;
        }

        RecordOrDeferWait(lease, startUtc, Stopwatch.GetElapsedTime(start));
        return lease;
    }

    private async ValueTask<ConnectionLease> WaitAsyncTraced(ValueTask<ConnectionLease> wait, LeaseGate gate)
    {
        var startUtc = DateTime.UtcNow;
        long start = Stopwatch.GetTimestamp();
        ConnectionLease lease;
        try
        {
            lease = await wait.ConfigureAwait(false);
        }
        catch
        {
            HolonTelemetry.RecordLeaseWait(this, gate.IsWriter, startUtc, Stopwatch.GetElapsedTime(start), acquired: false);
            throw;
        }

        RecordOrDeferWait(lease, startUtc, Stopwatch.GetElapsedTime(start));
        return lease;
    }

    /// <summary>
    /// Inside a Holon call span already (a stream that starts its span before the rent) the wait goes there now.
    /// Otherwise the call's span starts after the rent (a generated call): the lease's first statement span takes the
    /// wait (<see cref="PhysicalConnection.TakeTracedWait"/>), so it shows inside that span, or the return records it.
    /// </summary>
    private void RecordOrDeferWait(ConnectionLease lease, DateTime startUtc, TimeSpan waited)
    {
        var connection = lease.Live;
        if (Activity.Current is { } current && ReferenceEquals(current.Source, HolonTelemetry.Source))
            HolonTelemetry.RecordLeaseWait(this, connection.IsWriter, startUtc, waited, acquired: true);
        else
            connection.DeferTracedWait(startUtc, waited);
    }
}
