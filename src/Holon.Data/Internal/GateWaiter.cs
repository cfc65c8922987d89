using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace Holon.Data.Internal;

/// <summary>
/// One queued rent. Pooled by its <see cref="LeaseGate"/>: the async form completes a
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/>; the sync form blocks on a task (<see cref="Task.Wait(TimeSpan)"/>),
/// because the thread pool notices threads blocked that way and adds threads, where a raw Monitor wait would starve it.
/// The connection itself is taken in <see cref="GetResult"/>, on the renter's own flow, so flow-local state set
/// there (the writer reentrancy marker) belongs to the renter.
/// </summary>
internal sealed class GateWaiter : IValueTaskSource<ConnectionLease>
{
    private static readonly TimerCallback s_onTimer = static s => ((GateWaiter)s!).OnTimer();
    private static readonly Action<object?> s_onCanceled = static s => ((GateWaiter)s!).OnCanceled();

    private readonly LeaseGate _gate;
    private ManualResetValueTaskSourceCore<bool> _core;
    private Timer? _timer;
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private long _startTimestamp;
    private bool _sync;
    private TaskCompletionSource? _syncSignal;
    private volatile GateOutcome _outcome;
    private Exception? _exception;

    public GateWaiter(LeaseGate gate)
    {
        _gate = gate;
        _core.RunContinuationsAsynchronously = true;
    }

    public GateWaiter? Prev;
    public GateWaiter? Next;
    public bool Queued;

    public short Version => _core.Version;

    /// <summary>Called under the gate lock when the waiter is queued.</summary>
    public void Prepare(bool sync, CancellationToken cancellationToken, long startTimestamp)
    {
        _sync = sync;
        _syncSignal = sync ? new TaskCompletionSource() : null;
        _cancellationToken = cancellationToken;
        _startTimestamp = startTimestamp;
        _outcome = GateOutcome.Pending;
        _exception = null;
    }

    /// <summary>Arms timeout and cancellation; called after queuing, outside the gate lock.</summary>
    public void Arm(TimeSpan timeout)
    {
        if (!_sync && timeout != Timeout.InfiniteTimeSpan)
        {
            _timer ??= new Timer(s_onTimer, this, Timeout.Infinite, Timeout.Infinite);
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }

        if (_cancellationToken.CanBeCanceled)
            _registration = _cancellationToken.UnsafeRegister(s_onCanceled, this);
    }

    public void SetOutcomeLocked(GateOutcome outcome, Exception? exception)
    {
        _exception = exception;
        _outcome = outcome;
    }

    public void Signal()
    {
        if (_sync)
        {
            _syncSignal!.TrySetResult();
        }
        else
        {
            _core.SetResult(true);
        }
    }

    /// <summary>Blocks the calling thread until granted or failed; then takes the connection.</summary>
    public ConnectionLease WaitSync(TimeSpan timeout)
    {
        var signal = _syncSignal!.Task;
        while (!signal.IsCompleted)
        {
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                signal.Wait();
                break;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(_startTimestamp);
            if (remaining > TimeSpan.Zero && signal.Wait(remaining)) break;
            if (Stopwatch.GetElapsedTime(_startTimestamp) >= timeout)
            {
                // Fails only if still queued; if a permit arrived meanwhile the signal completes and we take it.
                _gate.TryFail(this, GateOutcome.TimedOut, _gate.Pool.CreateTimeoutException(_gate, Stopwatch.GetElapsedTime(_startTimestamp)));
                signal.Wait();
            }
        }

        return Finish();
    }

    private void OnTimer()
    {
        if (_outcome != GateOutcome.Pending) return;
        var waited = Stopwatch.GetElapsedTime(_startTimestamp);
        var remaining = _gate.Pool.Options.AcquireTimeout - waited;
        if (remaining > TimeSpan.Zero)
        {
            // Early: a timer firing a little ahead of time, or a stale one from an earlier use of this pooled
            // waiter. The current wait is not over; re-arm for what is left.
            if (_outcome == GateOutcome.Pending) _timer?.Change(remaining + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
            return;
        }

        if (!Queued) return;
        _gate.TryFail(this, GateOutcome.TimedOut, _gate.Pool.CreateTimeoutException(_gate, waited));
    }

    private void OnCanceled()
    {
        var token = _cancellationToken;
        if (_outcome != GateOutcome.Pending || !token.IsCancellationRequested) return;
        _gate.TryFail(this, GateOutcome.Canceled, new OperationCanceledException(token));
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    public ConnectionLease GetResult(short token)
    {
        _core.GetResult(token);
        return Finish();
    }

    private ConnectionLease Finish()
    {
        // Dispose waits for a running cancellation callback, so no stale callback sees the next use of this waiter.
        _registration.Dispose();
        _registration = default;
        _timer?.Change(Timeout.Infinite, Timeout.Infinite);

        var outcome = _outcome;
        var exception = _exception;
        var waited = Stopwatch.GetElapsedTime(_startTimestamp);
        _exception = null;
        _cancellationToken = default;
        _syncSignal = null;
        if (!_sync) _core.Reset();
        _gate.ReturnWaiter(this);

        if (outcome == GateOutcome.Granted) return _gate.Pool.AcquireAfterWait(_gate, waited);
        _gate.Pool.OnWaitFailed(_gate, outcome, waited);
        throw exception!;
    }
}
