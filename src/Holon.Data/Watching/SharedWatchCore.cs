using System.Runtime.ExceptionServices;

namespace Holon.Data.Watching;

/// <summary>
/// The counters every backend's shared watches bump, written with interlocked operations and read by the backend's
/// statistics and meter. A backend with more counters derives from this.
/// </summary>
internal class SharedWatchCounters
{
    /// <summary>Subscribers currently attached to a shared watch.</summary>
    public int Subscribers;

    /// <summary>Results handed to subscribers (one per subscriber that received it).</summary>
    public long Emissions;

    /// <summary>Results not handed out because they equalled the previous one.</summary>
    public long SkippedEqual;

    /// <summary>Changes merged into a later refresh instead of causing their own.</summary>
    public long CoalescedRefreshes;
}

/// <summary>The non-generic face of a shared watch, for a backend's registry.</summary>
internal abstract class SharedWatchCore
{
    /// <summary>The backend is disposing (or its change feed failed): wake every subscriber; they end after what they have.</summary>
    public abstract void End(Exception? failure);
}

/// <summary>
/// One registration shared by every subscriber of the same watch key, whatever the backend: one refresh loop, one
/// current result. The loop refreshes only when a commit touched the query's tables (<see cref="Version"/> moved)
/// <em>and</em> some subscriber is waiting for a newer result than it has, so a subscriber that is not reading costs
/// nothing and later gets the newest result only (latest wins). A result equal to the previous one is not handed
/// out. The last subscriber leaving stops the loop. A backend supplies the version, the wait for a change and the
/// refresh, and calls <see cref="Start"/> at the end of its constructor.
/// </summary>
internal abstract class SharedWatchCore<TResult> : SharedWatchCore
{
    private readonly SharedWatchCounters _counters;
    private readonly IEqualityComparer<TResult> _comparer;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();

    // Guarded by _gate.
    private int _subscribers;
    private bool _closed;          // no subscriber left: the registry no longer hands this out
    private bool _ended;           // backend disposed or the query failed: subscribers end after the current result
    private ExceptionDispatchInfo? _fault;
    private int _waiting;          // subscribers blocked because they have taken the current result
    private TaskCompletionSource? _demand;
    private TaskCompletionSource _published = NewSignal();
    private bool _hasResult;
    private TResult _result = default!;
    private long _resultSeq;       // bumped for each result that differs from the one before
    private long _resultVersion;   // the registration's version when that refresh started
    private Task _pump = Task.CompletedTask;

    /// <summary>Counts the first subscriber; the loop starts with <see cref="Start"/>.</summary>
    protected SharedWatchCore(SharedWatchCounters counters, IEqualityComparer<TResult> comparer)
    {
        _counters = counters;
        _comparer = comparer;
        _subscribers = 1;
        Interlocked.Increment(ref counters.Subscribers);
    }

    /// <summary>
    /// Completes when the refresh loop has ended and returned any connection it held: after the last subscriber left,
    /// the backend was disposed or the query failed. It never faults (the loop hands its errors to the subscribers).
    /// </summary>
    public Task Stopped => _pump;

    /// <summary>The registration's version: moves with every commit that touched a table the query reads.</summary>
    protected abstract long Version { get; }

    /// <summary>Completes when <see cref="Version"/> differs from <paramref name="seen"/>; false when the backend went away.</summary>
    protected abstract ValueTask<bool> WaitForChangeAsync(long seen, CancellationToken cancellationToken);

    /// <summary>Runs the query once; not ok when the backend is being disposed or the token was cancelled.</summary>
    protected abstract ValueTask<(bool Ok, TResult Value)> RefreshAsync(CancellationToken cancellationToken);

    /// <summary>The last subscriber left (the loop is cancelled): release the registration.</summary>
    protected abstract void Closed();

    /// <summary>The query failed (the subscribers have the error): the registry must hand out a new registration.</summary>
    protected abstract void Failed();

    /// <summary>Called by <see cref="End"/> before the subscribers are woken.</summary>
    protected virtual void Ending()
    {
    }

    /// <summary>Starts the refresh loop; the backend calls it once its registration listens.</summary>
    protected void Start() => _pump = Task.Run(PumpAsync);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds a subscriber unless the last one already left (then the caller creates a new registration).</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_closed) return false;
            _subscribers++;
        }
        Interlocked.Increment(ref _counters.Subscribers);
        return true;
    }

    /// <summary>Called by the backend's registry under its lock: true when this was the last subscriber.</summary>
    public bool Leave()
    {
        Interlocked.Decrement(ref _counters.Subscribers);
        lock (_gate)
        {
            if (--_subscribers > 0) return false;
            _closed = true;
        }
        _stop.Cancel();
        Closed();
        return true;
    }

    public sealed override void End(Exception? failure)
    {
        Ending();
        Finish(failure is null ? null : ExceptionDispatchInfo.Capture(failure));
    }

    private void Finish(ExceptionDispatchInfo? fault)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            if (_ended) return;
            _ended = true;
            _fault = fault;
            wake = _published;
        }
        wake.TrySetResult();
    }

    /// <summary>
    /// The subscriber's next result: the current one at once if it has not taken it (its first result must come
    /// from a refresh that started after the last commit published before it joined), else waits.
    /// </summary>
    public async ValueTask<bool> NextAsync(WatchSubscriberCore<TResult> s, CancellationToken cancellationToken)
    {
        var comparer = _comparer;
        while (true)
        {
            Task published;
            TaskCompletionSource? demand;
            lock (_gate)
            {
                // The first result must reflect every commit published before the subscriber joined.
                if (s.MinVersion < 0) s.MinVersion = Version;
                if (_hasResult && _resultVersion >= s.MinVersion && _resultSeq != s.LastSeq)
                {
                    bool consecutive = s.LastSeq + 1 == _resultSeq; // the loop already compared it with the one before
                    s.LastSeq = _resultSeq;
                    if (!s.HasValue || consecutive || !comparer.Equals(s.Value, _result))
                    {
                        s.Value = _result;
                        s.HasValue = true;
                        Interlocked.Increment(ref _counters.Emissions);
                        return true;
                    }
                    Interlocked.Increment(ref _counters.SkippedEqual);
                    continue;
                }
                if (_ended)
                {
                    if (_fault is { } fault && !s.FaultSeen)
                    {
                        s.FaultSeen = true;
                        fault.Throw();
                    }
                    return false;
                }
                _waiting++;
                demand = _demand;
                _demand = null;
                published = _published.Task;
            }
            demand?.TrySetResult();
            try
            {
                await published.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            finally
            {
                lock (_gate) _waiting--;
            }
        }
    }

    private async Task PumpAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (_hasResult)
                {
                    long seen = Volatile.Read(ref _resultVersion);
                    if (Version == seen && !await WaitForChangeAsync(seen, token).ConfigureAwait(false))
                    {
                        Finish(null); // the backend is being disposed
                        return;
                    }
                }
                Task? demand = null;
                lock (_gate)
                {
                    if (_waiting == 0) demand = (_demand ??= NewSignal()).Task;
                }
                if (demand is not null)
                {
                    // Nobody is reading: leave the change pending until someone asks (latest wins).
                    await demand.WaitAsync(token).ConfigureAwait(false);
                    continue;
                }
                long version = Version;
                if (_hasResult && version - _resultVersion > 1) Interlocked.Add(ref _counters.CoalescedRefreshes, version - _resultVersion - 1);
                var (ok, value) = await RefreshAsync(token).ConfigureAwait(false);
                if (!ok)
                {
                    if (!token.IsCancellationRequested) Finish(null); // the backend is being disposed
                    return;
                }
                Publish(value, version);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A SQL error: every subscriber sees it from MoveNextAsync; the backend forgets this registration.
            Finish(ExceptionDispatchInfo.Capture(e));
            Failed();
        }
    }

    private void Publish(TResult value, long version)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            Volatile.Write(ref _resultVersion, version);
            if (!_hasResult || !_comparer.Equals(_result, value))
            {
                _result = value;
                _hasResult = true;
                _resultSeq++;
            }
            else
            {
                Interlocked.Increment(ref _counters.SkippedEqual);
            }
            wake = _published;
            _published = NewSignal();
        }
        wake.TrySetResult();
    }
}

/// <summary>
/// One enumeration of a shared watch: joins on its first <see cref="MoveNextAsync"/>, leaves on dispose. A backend
/// supplies how to join and leave its registry.
/// </summary>
internal abstract class WatchSubscriberCore<TResult>(CancellationToken cancellationToken, CancellationTokenSource? linked)
    : IAsyncEnumerator<TResult>
{
    private SharedWatchCore<TResult>? _shared;
    private bool _disposed;

    // Owned by the shared watch, read and written under its lock.
    internal long MinVersion = -1;
    internal long LastSeq = -1;
    internal bool HasValue;
    internal bool FaultSeen;
    internal TResult Value = default!;

    public TResult Current => HasValue ? Value : throw new InvalidOperationException("MoveNextAsync has not returned true.");

    /// <summary>Joins (or creates) the shared watch for this subscriber's key.</summary>
    protected abstract SharedWatchCore<TResult> Join();

    /// <summary>Leaves <paramref name="shared"/> through the registry; true when this was the last subscriber.</summary>
    protected abstract bool Leave(SharedWatchCore<TResult> shared);

    public ValueTask<bool> MoveNextAsync()
    {
        if (_disposed || cancellationToken.IsCancellationRequested) return new(false);
        _shared ??= Join();
        return _shared.NextAsync(this, cancellationToken);
    }

    /// <summary>
    /// Leaves the shared watch. The last subscriber to leave also waits for a refresh that is still running, so the
    /// connection it holds is returned when this completes (the refresh is cancelled, so the wait is short).
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed) return ValueTask.CompletedTask;
        _disposed = true;
        bool last = _shared is { } shared && Leave(shared);
        linked?.Dispose();
        return last ? new ValueTask(_shared!.Stopped) : ValueTask.CompletedTask;
    }
}

/// <summary>What a backend's <c>Watch</c> returns: each enumeration is one subscriber, on the watch's token and the enumeration's.</summary>
internal abstract class WatchEnumerableCore<TResult>(CancellationToken cancellationToken) : IAsyncEnumerable<TResult>
{
    /// <summary>A new subscriber ending on <paramref name="token"/>; it disposes <paramref name="linked"/> when it ends.</summary>
    protected abstract IAsyncEnumerator<TResult> Subscribe(CancellationToken token, CancellationTokenSource? linked);

    public IAsyncEnumerator<TResult> GetAsyncEnumerator(CancellationToken cancellationToken2 = default)
    {
        if (!cancellationToken2.CanBeCanceled || cancellationToken2 == cancellationToken) return Subscribe(cancellationToken, null);
        if (!cancellationToken.CanBeCanceled) return Subscribe(cancellationToken2, null);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancellationToken2);
        return Subscribe(linked.Token, linked);
    }
}
