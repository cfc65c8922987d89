namespace Holon.Data.Watching;

/// <summary>
/// One watch registration as the hub sees it (shared by every subscriber of the same query and arguments): the
/// tables its query reads (learned from SQLite, indexed by the hub) and a version number that every relevant
/// commit bumps. The refresher remembers the version before each refresh and refreshes again only when it moved,
/// so any number of commits during a refresh cost exactly one more refresh.
/// </summary>
internal sealed class WatchRegistration : IDisposable
{
    private readonly ChangeHub _hub;
    private readonly object _gate = new();
    private TaskCompletionSource<bool>? _waiter;
    private long _version;
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

    public long Version => Volatile.Read(ref _version);

    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>The tables and views the query reads, or null before the first refresh.</summary>
    public IReadOnlyList<string>? ReadSet => Volatile.Read(ref _readSet);

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
                if (Volatile.Read(ref _version) != seen) return true;
                wait = _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
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
