using System.Collections.Concurrent;

namespace Holon.Data.Watching;

/// <summary>
/// The pool's fan-out point: the writer's <see cref="ChangeTracker"/> and the data_version poller publish here,
/// in commit order; stream subscribers and watch registrations listen. Every table some watch reads has one change
/// counter (<see cref="TableVersion"/>), shared by the registrations reading it, so a commit costs one dictionary
/// lookup per changed table (plus one increment if watched), however many watches there are. Listener lists are copy-on-write arrays, so publishing (on the writer's thread) takes no lock a
/// subscriber could hold for long.
/// </summary>
internal sealed class ChangeHub
{
    private readonly object _listLock = new();
    private readonly object _publishLock = new();
    private ChangeSubscription[] _subscriptions = [];
    private WatchRegistration[] _watches = [];

    // Table (or view) name -> its change counter, for every table some watch has read. Counters are kept for the
    // life of the pool (there are as many as watched tables), so a registration's version never jumps back.
    private readonly ConcurrentDictionary<string, TableVersion> _byTable = new(StringComparer.OrdinalIgnoreCase);

    // Registrations whose read set is not learned yet: every change is relevant to them.
    private WatchRegistration[] _unindexed = [];
    private long _sequence;
    private long _listenerEpoch;
    private int _schemaGeneration;
    private bool _completed;

    // Statistics (read through WatchStatistics and the Holon.Data meter).
    internal long ChangeSetsPublished;
    internal long ExternalChanges;
    internal long Overflows;
    internal long Refreshes;
    internal long ReadSetsLearned;
    internal readonly SharedWatchCounters Watches = new();   // bumped by the pool's shared watches

    /// <summary>Bumped by every schema change or external change; read sets learned under an older generation are re-learned.</summary>
    public int SchemaGeneration => Volatile.Read(ref _schemaGeneration);

    /// <summary>Watch registrations (one per distinct shared watch).</summary>
    public int Registrations => Volatile.Read(ref _watches).Length;

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
                _unindexed = [.. _unindexed, w];
                Interlocked.Increment(ref _listenerEpoch);
            }
        }
        return w;
    }

    /// <summary>
    /// Points <paramref name="w"/> at the counters of <paramref name="tables"/> (its newly learned read set). Runs
    /// under the publish lock, so no commit is half-delivered while the registration switches counters.
    /// </summary>
    public void Index(WatchRegistration w, string[] tables)
    {
        lock (_publishLock)
        {
            lock (_listLock)
            {
                w.ExchangeReadSet(tables);
                var counters = new TableVersion[tables.Length];
                for (int i = 0; i < tables.Length; i++) counters[i] = _byTable.GetOrAdd(tables[i], static _ => new TableVersion());
                w.SetTables(counters);
                _unindexed = Without(_unindexed, w);
            }
        }
    }

    public void Remove(WatchRegistration w)
    {
        lock (_listLock)
        {
            _watches = Without(_watches, w);
            _unindexed = Without(_unindexed, w);
        }
    }

    private static WatchRegistration[] Without(WatchRegistration[] list, WatchRegistration w) =>
        Array.IndexOf(list, w) < 0 ? list : Array.FindAll(list, x => !ReferenceEquals(x, w));

    /// <summary>Publishes one committed transaction (called after the commit is known to have succeeded).</summary>
    public void PublishCommit(string[] tables, RowChange[] rows, string[] schemaChanges, bool hasUnreportedChanges = false)
    {
        lock (_publishLock)
        {
            if (schemaChanges.Length > 0) Interlocked.Increment(ref _schemaGeneration);
            if (!HasListeners) return;
            long sequence = ++_sequence;
            Interlocked.Increment(ref ChangeSetsPublished);
            if (hasUnreportedChanges) BumpAll();
            else
            {
                // Registrations that have not learned their read set yet, then one lookup per changed table.
                foreach (var w in Volatile.Read(ref _unindexed)) w.Bump();
                BumpTables(tables);
                BumpTables(schemaChanges);
            }
            var subscriptions = Volatile.Read(ref _subscriptions);
            if (subscriptions.Length == 0) return; // watches need no ChangeSet object
            var set = new ChangeSet(ChangeSetKind.Commit, sequence, tables, rows, schemaChanges, hasUnreportedChanges);
            foreach (var s in subscriptions) s.Publish(set);
        }
    }

    private void BumpTables(string[] tables)
    {
        foreach (var t in tables)
        {
            if (_byTable.TryGetValue(t, out var counter)) counter.Changed();
        }
    }

    private void BumpAll()
    {
        foreach (var w in Volatile.Read(ref _watches)) w.Bump();
    }

    /// <summary>Someone outside this pool committed: every watch refreshes and re-learns its read set.</summary>
    public void PublishExternal()
    {
        lock (_publishLock)
        {
            Interlocked.Increment(ref _schemaGeneration);
            Interlocked.Increment(ref ExternalChanges);
            Interlocked.Increment(ref ChangeSetsPublished);
            var set = new ChangeSet(ChangeSetKind.ExternalChange, ++_sequence, null, null, null);
            BumpAll();
            foreach (var s in Volatile.Read(ref _subscriptions)) s.Publish(set);
        }
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
