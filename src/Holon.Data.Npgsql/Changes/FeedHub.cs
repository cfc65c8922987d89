namespace Holon.Data.Npgsql.Changes;

/// <summary>
/// The feed's fan-out point: the replication loop publishes each commit here, in commit order, and every subscriber
/// gets the same immutable change set. Subscribers are a copy-on-write array, so publishing takes no lock a
/// subscriber holds.
/// </summary>
internal sealed class FeedHub
{
    private readonly object _listLock = new();
    private FeedSubscription[] _subscriptions = [];
    private long _sequence;
    private bool _completed;
    private Exception? _failure;
    private long _overflows;

    public int Subscribers => Volatile.Read(ref _subscriptions).Length;

    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>The next sequence number; only the replication loop calls this.</summary>
    public long NextSequence() => ++_sequence;

    public FeedSubscription Subscribe(int capacity, CancellationToken cancellationToken)
    {
        var s = new FeedSubscription(this, capacity, cancellationToken);
        lock (_listLock)
        {
            if (_completed) s.Complete(_failure);
            else _subscriptions = [.. _subscriptions, s];
        }

        return s;
    }

    public void Remove(FeedSubscription s)
    {
        lock (_listLock) _subscriptions = Array.FindAll(_subscriptions, x => !ReferenceEquals(x, s));
    }

    public bool HasSubscribers => Volatile.Read(ref _subscriptions).Length > 0;

    public void Publish(NpgsqlChangeSet set)
    {
        foreach (var s in Volatile.Read(ref _subscriptions)) s.Publish(set);
    }

    internal void CountOverflow() => Interlocked.Increment(ref _overflows);

    /// <summary>The feed stopped: every stream ends after its buffered items (throwing <paramref name="failure"/> if set).</summary>
    public void Complete(Exception? failure)
    {
        FeedSubscription[] subs;
        lock (_listLock)
        {
            _completed = true;
            _failure ??= failure;
            subs = _subscriptions;
        }

        foreach (var s in subs) s.Complete(failure);
    }
}
