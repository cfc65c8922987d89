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
        bool acquired = false;
        try
        {
            var lease = waiter.WaitSync(Options.AcquireTimeout);
            acquired = true;
            return lease;
        }
        finally
        {
            HolonTelemetry.RecordLeaseWait(this, gate.IsWriter, startUtc, Stopwatch.GetElapsedTime(start), acquired);
        }
    }

    private async ValueTask<ConnectionLease> WaitAsyncTraced(ValueTask<ConnectionLease> wait, LeaseGate gate)
    {
        var startUtc = DateTime.UtcNow;
        long start = Stopwatch.GetTimestamp();
        bool acquired = false;
        try
        {
            var lease = await wait.ConfigureAwait(false);
            acquired = true;
            return lease;
        }
        finally
        {
            HolonTelemetry.RecordLeaseWait(this, gate.IsWriter, startUtc, Stopwatch.GetElapsedTime(start), acquired);
        }
    }
}
