namespace Holon.Data.Watching;

/// <summary>
/// The pool's fan-out point: the writer's <see cref="ChangeTracker"/> and the data_version poller publish here,
/// in commit order; stream subscribers and watches listen. Listener lists are copy-on-write arrays so
/// publishing (on the writer's thread) takes no lock a subscriber could hold for long.
/// </summary>
internal sealed class ChangeHub
{
    private readonly object _listLock = new();
    private readonly object _publishLock = new();
    private ChangeSubscription[] _subscriptions = [];
    private WatchRegistration[] _watches = [];
    private long _sequence;
    private long _listenerEpoch;
    private int _schemaGeneration;
    private bool _completed;

    // Statistics (read through WatchStatistics).
    internal long ChangeSetsPublished;
    internal long ExternalChanges;
    internal long Overflows;
    internal long Refreshes;
    internal long Emissions;
    internal long SkippedEqual;
    internal long ReadSetsLearned;

    /// <summary>Bumped by every schema change or external change; read sets learned under an older generation are re-learned.</summary>
    public int SchemaGeneration => Volatile.Read(ref _schemaGeneration);

    public int ActiveWatches => Volatile.Read(ref _watches).Length;

    /// <summary>The sequence number of the last published item (0 before the first).</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    public int Subscribers => Volatile.Read(ref _subscriptions).Length;

    /// <summary>Whether any change stream or watch is listening; the writer records nothing for nobody.</summary>
    public bool HasListeners => Volatile.Read(ref _subscriptions).Length + Volatile.Read(ref _watches).Length > 0;

    /// <summary>Bumped whenever a stream or watch starts listening.</summary>
    public long ListenerEpoch => Interlocked.Read(ref _listenerEpoch);

    /// <summary>A schema change committed while nobody listened: read sets learned before it are stale.</summary>
    public void BumpSchemaGeneration() => Interlocked.Increment(ref _schemaGeneration);

    public ChangeSubscription Subscribe(int capacity, CancellationToken cancellationToken)
    {
        var s = new ChangeSubscription(this, capacity, cancellationToken);
        lock (_listLock)
        {
            if (_completed) s.Complete();
            else
            {
                _subscriptions = [.. _subscriptions, s];
                Interlocked.Increment(ref _listenerEpoch);
            }
        }
        return s;
    }

    public void Remove(ChangeSubscription s)
    {
        lock (_listLock) _subscriptions = Array.FindAll(_subscriptions, x => !ReferenceEquals(x, s));
    }

    public WatchRegistration Register(string sql)
    {
        var w = new WatchRegistration(this, sql);
        lock (_listLock)
        {
            if (_completed) w.Complete();
            else
            {
                _watches = [.. _watches, w];
                Interlocked.Increment(ref _listenerEpoch);
            }
        }
        return w;
    }

    public void Remove(WatchRegistration w)
    {
        lock (_listLock) _watches = Array.FindAll(_watches, x => !ReferenceEquals(x, w));
    }

    /// <summary>Publishes one committed transaction (called after the commit is known to have succeeded).</summary>
    public void PublishCommit(string[] tables, RowChange[] rows, string[] schemaChanges, bool hasUnreportedChanges = false)
    {
        lock (_publishLock)
        {
            if (schemaChanges.Length > 0) Interlocked.Increment(ref _schemaGeneration);
            if (!HasListeners) return;
            var set = new ChangeSet(ChangeSetKind.Commit, ++_sequence, tables, rows, schemaChanges, hasUnreportedChanges);
            Deliver(set);
        }
    }

    /// <summary>Someone outside this pool committed: every watch refreshes and re-learns its read set.</summary>
    public void PublishExternal()
    {
        lock (_publishLock)
        {
            Interlocked.Increment(ref _schemaGeneration);
            Interlocked.Increment(ref ExternalChanges);
            Deliver(new ChangeSet(ChangeSetKind.ExternalChange, ++_sequence, null, null, null));
        }
    }

    private void Deliver(ChangeSet set)
    {
        Interlocked.Increment(ref ChangeSetsPublished);
        foreach (var w in Volatile.Read(ref _watches)) w.OnChange(set);
        foreach (var s in Volatile.Read(ref _subscriptions)) s.Publish(set);
    }

    internal void CountOverflow() => Interlocked.Increment(ref Overflows);

    /// <summary>The pool is disposing: end every stream after its buffered items and wake every watch.</summary>
    public void Complete()
    {
        ChangeSubscription[] subs;
        WatchRegistration[] watches;
        lock (_listLock)
        {
            _completed = true;
            subs = _subscriptions;
            watches = _watches;
        }
        foreach (var s in subs) s.Complete();
        foreach (var w in watches) w.Complete();
    }
}
