namespace Holon.Data.Watching;

/// <summary>
/// One watch registration as the hub sees it (shared by every subscriber of the same query and arguments): the
/// tables its query reads (learned from SQLite) and a version number that moves with every relevant commit: the
/// sum of the <see cref="TableVersion"/> counters of its tables plus its own counter (bumped for changes that
/// concern every watch, or while its read set is unknown). The refresher remembers the version before each refresh
/// and refreshes again only when it moved, so any number of commits during a refresh cost exactly one more refresh.
/// </summary>
internal sealed class WatchRegistration : IDisposable
{
    private readonly ChangeHub _hub;
    private readonly object _gate = new();
    private TaskCompletionSource<bool>? _waiter;
    private long _version;               // own counter; may go negative when re-indexing keeps Version steady
    private TableVersion[] _tables = [];
    private string[]? _readSet;          // null: not learned yet, every change is relevant
    private int _readSetGeneration = -1;
    private bool _completed;

    public WatchRegistration(ChangeHub hub, string sql)
    {
        _hub = hub;
        Sql = sql;
    }

    public string Sql { get; }

    /// <summary>Swaps the read set; called by the hub under its list lock, so re-indexing and removal never interleave.</summary>
    internal string[]? ExchangeReadSet(string[] tables) => Interlocked.Exchange(ref _readSet, tables);

    public long Version
    {
        get
        {
            long v = Volatile.Read(ref _version);
            foreach (var t in Volatile.Read(ref _tables)) v += t.Value;
            return v;
        }
    }

    /// <summary>
    /// Switches to the counters of a new read set without moving <see cref="Version"/> (the hub calls this while no
    /// commit is being published): a change published before now was already counted, one after it moves a counter.
    /// </summary>
    internal void SetTables(TableVersion[] tables)
    {
        long before = Version;
        Volatile.Write(ref _tables, tables);
        long after = Version;
        Interlocked.Add(ref _version, before - after);
    }

    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>True when the read set must be (re-)learned before the next run: never learned, or the schema moved.</summary>
    public bool NeedsReadSet => Volatile.Read(ref _readSet) is null || Volatile.Read(ref _readSetGeneration) != _hub.SchemaGeneration;

    /// <summary>Stores a read set learned while the schema generation was <paramref name="generation"/>.</summary>
    public void SetReadSet(string[] tables, int generation)
    {
        _hub.Index(this, tables);
        Volatile.Write(ref _readSetGeneration, generation);
        // A schema change that raced with learning: learn again and refresh once more.
        if (generation != _hub.SchemaGeneration) Bump();
    }

    /// <summary>A commit touched a table the query reads. Runs on the publisher's thread: cheap, never blocks.</summary>
    public void Bump()
    {
        Interlocked.Increment(ref _version);
        Wake();
    }

    /// <summary>Wakes the refresher if it waits for a change (it re-checks <see cref="Version"/>).</summary>
    public void Wake()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult(true);
    }

    /// <summary>Completes when <see cref="Version"/> differs from <paramref name="seen"/>; false when the pool went away.</summary>
    public async ValueTask<bool> WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<bool> wait;
            lock (_gate)
            {
                if (_completed) return false;
                if (Version != seen) return true;
                wait = _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            // Ask each table to wake this registration, then look again: a commit that landed meanwhile is seen here.
            foreach (var t in Volatile.Read(ref _tables)) t.AddWaiter(this);
            if (Version != seen) return true;
            await wait.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Complete()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _completed = true;
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult(false);
    }

    public void Dispose() => _hub.Remove(this);
}
