namespace Holon.Data.Watching;

/// <summary>
/// A change counter for one table (or view) that some watch reads, shared by every registration reading it. A commit
/// touching the table increments it once, however many registrations read the table, and wakes only the
/// registrations whose refresher is idle-waiting for a change (they put themselves on <see cref="AddWaiter"/>).
/// A registration's version is the sum of its tables' counters, so busy refreshers are never touched by the writer.
/// </summary>
internal sealed class TableVersion
{
    private readonly object _gate = new();
    private List<WatchRegistration>? _waiters;
    private int _waiterCount;
    private long _value;

    public long Value => Volatile.Read(ref _value);

    /// <summary>Runs on the publisher's thread: one interlocked increment, plus a wake-up only if someone is idle.</summary>
    public void Changed()
    {
        Interlocked.Increment(ref _value); // a full fence: the waiter count read below is not stale (see AddWaiter)
        if (Volatile.Read(ref _waiterCount) == 0) return;
        List<WatchRegistration>? waiters;
        lock (_gate)
        {
            waiters = _waiters;
            _waiters = null;
            _waiterCount = 0;
        }
        if (waiters is null) return;
        foreach (var w in waiters) w.Wake();
    }

    /// <summary>Wakes <paramref name="w"/> at the next change. The caller re-reads the value afterwards: the
    /// interlocked count update here and the increment in <see cref="Changed"/> are full fences, so either the
    /// caller sees the new value or the publisher sees the waiter.</summary>
    public void AddWaiter(WatchRegistration w)
    {
        lock (_gate)
        {
            var list = _waiters ??= new List<WatchRegistration>(4);
            if (!list.Contains(w)) list.Add(w);
            Interlocked.Exchange(ref _waiterCount, list.Count);
        }
    }
}
