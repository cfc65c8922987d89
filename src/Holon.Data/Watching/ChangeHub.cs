using System.Collections.Concurrent;

namespace Holon.Data.Watching;

/// <summary>
/// The pool's fan-out point: the writer's <see cref="ChangeTracker"/> and the data_version poller publish here,
/// in commit order; stream subscribers and watch registrations listen. Registrations are indexed by the tables
/// their query reads, so a commit visits only the registrations it can affect: one dictionary lookup per changed
/// table. Listener lists are copy-on-write arrays, so publishing (on the writer's thread) takes no lock a
/// subscriber could hold for long.
/// </summary>
internal sealed class ChangeHub
{
    private readonly object _listLock = new();
    private readonly object _publishLock = new();
    private ChangeSubscription[] _subscriptions = [];
    private WatchRegistration[] _watches = [];

    // Table (or view) name -> the registrations whose read set contains it. Arrays are replaced, never mutated.
    private readonly ConcurrentDictionary<string, WatchRegistration[]> _byTable = new(StringComparer.OrdinalIgnoreCase);

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
    internal long CoalescedRefreshes;
    internal long Emissions;
    internal long SkippedEqual;
    internal long ReadSetsLearned;
    internal int WatchSubscribers;

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
    /// Moves <paramref name="w"/> from the tables of its previous read set to <paramref name="tables"/>. New entries
    /// are added before old ones are removed, and the publisher reads the unindexed list before the table index,
    /// so a commit delivered during the move still reaches the registration.
    /// </summary>
    public void Index(WatchRegistration w, string[] tables)
    {
        lock (_listLock)
        {
            var previous = w.ExchangeReadSet(tables);
            if (Array.IndexOf(_watches, w) < 0) return; // removed meanwhile
            foreach (var t in tables)
            {
                if (previous is not null && Contains(previous, t)) continue;
                var list = _byTable.TryGetValue(t, out var l) ? l : [];
                _byTable[t] = [.. list, w];
            }
            _unindexed = Without(_unindexed, w);
            if (previous is null) return;
            foreach (var t in previous)
            {
                if (!Contains(tables, t)) RemoveFromTable(t, w);
            }
        }
    }

    public void Remove(WatchRegistration w)
    {
        lock (_listLock)
        {
            _watches = Without(_watches, w);
            _unindexed = Without(_unindexed, w);
            if (w.ReadSet is { } readSet)
            {
                foreach (var t in readSet) RemoveFromTable(t, w);
            }
        }
    }

    private void RemoveFromTable(string table, WatchRegistration w)
    {
        if (!_byTable.TryGetValue(table, out var list)) return;
        var rest = Without(list, w);
        if (rest.Length == 0) _byTable.TryRemove(table, out _);
        else _byTable[table] = rest;
    }

    private static bool Contains(string[] names, string name)
    {
        foreach (var n in names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
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
                // Unlearned read sets first (see Index), then one lookup per changed table.
                foreach (var w in Volatile.Read(ref _unindexed)) w.Bump();
                BumpReaders(tables);
                BumpReaders(schemaChanges);
            }
            var subscriptions = Volatile.Read(ref _subscriptions);
            if (subscriptions.Length == 0) return; // watches need no ChangeSet object
            var set = new ChangeSet(ChangeSetKind.Commit, sequence, tables, rows, schemaChanges, hasUnreportedChanges);
            foreach (var s in subscriptions) s.Publish(set);
        }
    }

    private void BumpReaders(string[] tables)
    {
        foreach (var t in tables)
        {
            if (_byTable.TryGetValue(t, out var readers))
            {
                foreach (var w in readers) w.Bump();
            }
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
