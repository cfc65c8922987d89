namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// One watch registration as the watcher sees it (shared by every subscriber of the same query and arguments): the
/// tables its query reads (learned from the server's plan), a version that moves with every commit touching them,
/// and the end LSN of the newest such commit, which a refresh on a standby waits for.
/// </summary>
internal sealed class WatchRegistration
{
    private readonly object _gate = new();
    private TaskCompletionSource<bool>? _waiter;
    private long _version;
    private long _lsn;
    private int _xid;
    private int _stale = 1;   // 1: the read set must be learned before the next run
    private bool _completed;

    public WatchRegistration(StatementDefinition definition) => Definition = definition;

    public StatementDefinition Definition { get; }

    /// <summary>Times this registration ran its query.</summary>
    public long Refreshes;

    /// <summary>The relations (<c>schema.table</c>) the query reads; empty until learned.</summary>
    public string[] ReadSet { get; private set; } = [];

    public long Version => Volatile.Read(ref _version);

    /// <summary>The end LSN of the newest commit that bumped this registration (0: none yet).</summary>
    public ulong Lsn => (ulong)Interlocked.Read(ref _lsn);

    /// <summary>The id of the newest commit that bumped this registration (0: none yet, or a marker).</summary>
    public uint Xid => (uint)Volatile.Read(ref _xid);

    public bool NeedsReadSet => Volatile.Read(ref _stale) != 0;

    public void MarkStale() => Volatile.Write(ref _stale, 1);

    /// <summary>Stores a learned read set; the watcher indexes it.</summary>
    public void SetReadSet(string[] tables)
    {
        ReadSet = tables;
        Volatile.Write(ref _stale, 0);
    }

    /// <summary>A commit touched a table the query reads. Runs on the feed's thread: cheap, never blocks.</summary>
    public void Bump(ulong endLsn, uint xid = 0)
    {
        if (xid != 0) Volatile.Write(ref _xid, (int)xid);   // commits arrive in commit order: the last is the newest
        // The LSN first: a refresh that sees the new version also sees an LSN at least this one.
        long value = (long)endLsn, seen;
        while ((seen = Interlocked.Read(ref _lsn)) < value && Interlocked.CompareExchange(ref _lsn, value, seen) != seen)
        {
        }
        Interlocked.Increment(ref _version);
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult(true);
    }

    /// <summary>Completes when <see cref="Version"/> differs from <paramref name="seen"/>; false when the watcher went away.</summary>
    public async ValueTask<bool> WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> wait;
        lock (_gate)
        {
            if (_completed) return false;
            if (Version != seen) return true;
            wait = _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return await wait.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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
}
