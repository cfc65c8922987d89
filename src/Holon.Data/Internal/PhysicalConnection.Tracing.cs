using Holon.Data.Diagnostics;

namespace Holon.Data.Internal;

// A traced wait for the current rent that no Holon span could hold yet: the rent waited outside any Holon call span
// (a generated call rents first, then starts its span on the lease). The lease's first statement span takes it, so the
// wait shows inside that span; otherwise the return records it. Touched only by the lease's flow, and only when tracing.
internal sealed partial class PhysicalConnection
{
    private DateTime _tracedWaitStartUtc;
    private TimeSpan _tracedWait;

    /// <summary>True while a traced wait waits for a span to hold it.</summary>
    public bool HasTracedWait { get; private set; }

    public void DeferTracedWait(DateTime startUtc, TimeSpan waited)
    {
        _tracedWaitStartUtc = startUtc;
        _tracedWait = waited;
        HasTracedWait = true;
    }

    public bool TakeTracedWait(out DateTime startUtc, out TimeSpan waited)
    {
        startUtc = _tracedWaitStartUtc;
        waited = _tracedWait;
        if (!HasTracedWait) return false;
        HasTracedWait = false;
        return true;
    }

    /// <summary>At return: a deferred wait no span took goes to the current span (an event) or becomes a span of its own.</summary>
    public void FlushTracedWait()
    {
        if (TakeTracedWait(out var startUtc, out var waited)) HolonTelemetry.RecordLeaseWait(Pool, IsWriter, startUtc, waited, acquired: true);
    }
}
