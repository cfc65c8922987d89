using System.Diagnostics;

namespace Holon.Data.Internal;

/// <summary>
/// Capacity and fairness for one side of the pool (the writer: 1, readers: MaxReaders). A released permit is handed
/// straight to the oldest waiter, so waiting is FIFO and a late arrival never overtakes the queue.
/// Waiter objects are pooled; the uncontended path takes a lock and allocates nothing.
/// </summary>
internal sealed class LeaseGate
{
    private const int MaxPooledWaiters = 64;

    private readonly Lock _lock = new();
    private readonly Stack<GateWaiter> _idleWaiters = new();
    private GateWaiter? _head;
    private GateWaiter? _tail;
    private int _available;
    private int _waiting;
    private bool _closed;

    public LeaseGate(SqlitePool pool, bool isWriter, int capacity)
    {
        Pool = pool;
        IsWriter = isWriter;
        Capacity = capacity;
        _available = capacity;
    }

    public SqlitePool Pool { get; }

    public bool IsWriter { get; }

    public int Capacity { get; }

    public int Waiting => Volatile.Read(ref _waiting);

    public string SideName => IsWriter ? "writer" : "reader";

    /// <summary>Takes a permit at once, or queues a waiter (returned in <paramref name="waiter"/>).</summary>
    public bool TryEnterOrEnqueue(bool sync, CancellationToken cancellationToken, out GateWaiter? waiter)
    {
        lock (_lock)
        {
            if (_closed) throw Pool.CreateDisposedException();
            if (_available > 0 && _head is null)
            {
                _available--;
                waiter = null;
                return true;
            }

            waiter = _idleWaiters.Count > 0 ? _idleWaiters.Pop() : new GateWaiter(this);
            waiter.Prepare(sync, cancellationToken, Stopwatch.GetTimestamp());
            if (_tail is null) _head = _tail = waiter;
            else
            {
                _tail.Next = waiter;
                waiter.Prev = _tail;
                _tail = waiter;
            }

            waiter.Queued = true;
            _waiting++;
        }

        return false;
    }

    /// <summary>Gives a permit back: to the oldest waiter if there is one, else to the free count.</summary>
    public void Release()
    {
        GateWaiter? granted;
        lock (_lock)
        {
            granted = _head;
            if (granted is null)
            {
                _available++;
                return;
            }

            Unlink(granted);
            granted.SetOutcomeLocked(GateOutcome.Granted, null);
        }

        granted.Signal();
    }

    /// <summary>Fails a still-queued waiter (timeout, cancellation). False if it was already granted or failed.</summary>
    public bool TryFail(GateWaiter waiter, GateOutcome outcome, Exception exception)
    {
        lock (_lock)
        {
            if (!waiter.Queued) return false;
            Unlink(waiter);
            waiter.SetOutcomeLocked(outcome, exception);
        }

        waiter.Signal();
        return true;
    }

    /// <summary>Refuses new rents and fails every waiter with <see cref="ObjectDisposedException"/>. Permits still come back through <see cref="Release"/>.</summary>
    public void Close()
    {
        List<GateWaiter>? failed = null;
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            while (_head is { } w)
            {
                Unlink(w);
                w.SetOutcomeLocked(GateOutcome.Disposed, Pool.CreateDisposedException());
                (failed ??= []).Add(w);
            }
        }

        if (failed is null) return;
        foreach (var w in failed) w.Signal();
    }

    public void ReturnWaiter(GateWaiter waiter)
    {
        lock (_lock)
        {
            if (_idleWaiters.Count < MaxPooledWaiters) _idleWaiters.Push(waiter);
        }
    }

    private void Unlink(GateWaiter w)
    {
        if (w.Prev is null) _head = w.Next;
        else w.Prev.Next = w.Next;
        if (w.Next is null) _tail = w.Prev;
        else w.Next.Prev = w.Prev;
        w.Prev = w.Next = null;
        w.Queued = false;
        _waiting--;
    }
}

internal enum GateOutcome
{
    Pending = 0,
    Granted = 1,
    TimedOut = 2,
    Canceled = 3,
    Disposed = 4,
}
