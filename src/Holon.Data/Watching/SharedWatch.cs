using System.Runtime.ExceptionServices;

namespace Holon.Data.Watching;

/// <summary>What makes two watches the same observation: one statement definition, equal bound arguments
/// (<see cref="EqualityComparer{T}.Default"/>), the same bind/read delegates and the same result comparer.</summary>
internal sealed record WatchKey<TArgs, TResult>(
    StatementDefinition Definition,
    TArgs Args,
    Action<PreparedStatement, TArgs>? Bind,
    Func<PreparedStatement, TResult> Read,
    IEqualityComparer<TResult> Comparer);

/// <summary>The non-generic face of a shared watch, for the pool's registry.</summary>
internal abstract class SharedWatch
{
    /// <summary>The pool is disposing: wake every subscriber; they end after what they have.</summary>
    public abstract void End();
}

/// <summary>
/// One registration shared by every subscriber of the same <see cref="WatchKey{TArgs, TResult}"/>: one refresh loop,
/// one current result. The loop refreshes only when a commit touched the query's tables (the registration's version
/// moved) <em>and</em> some subscriber is waiting for a newer result than it has, so a subscriber that is not
/// reading costs nothing and later gets the newest result only (latest wins). The last subscriber leaving removes
/// the registration from the pool and stops the loop.
/// </summary>
internal sealed class SharedWatch<TArgs, TResult> : SharedWatch
{
    private readonly SqlitePool _pool;
    private readonly ChangeHub _hub;
    private readonly WatchKey<TArgs, TResult> _key;
    private readonly WatchRegistration _registration;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();

    // Guarded by _gate.
    private int _subscribers;
    private bool _closed;          // no subscriber left: the registry no longer hands this out
    private bool _ended;           // pool disposed or the query failed: subscribers end after the current result
    private ExceptionDispatchInfo? _fault;
    private int _waiting;          // subscribers blocked because they have taken the current result
    private TaskCompletionSource? _demand;
    private TaskCompletionSource _published = NewSignal();
    private bool _hasResult;
    private TResult _result = default!;
    private long _resultSeq;       // bumped for each result that differs from the one before
    private long _resultVersion;   // the registration's version when that refresh started
    private readonly Task _pump;

    public SharedWatch(SqlitePool pool, ChangeHub hub, WatchKey<TArgs, TResult> key)
    {
        _pool = pool;
        _hub = hub;
        _key = key;
        // Listen before the first read, so a commit racing with it causes a refresh instead of being lost.
        _registration = hub.Register(key.Definition.Sql);
        _subscribers = 1;
        Interlocked.Increment(ref hub.WatchSubscribers);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>
    /// Completes when the refresh loop has ended and returned any reader it held: after the last subscriber left, the
    /// pool was disposed or the query failed. It never faults (the loop hands its errors to the subscribers).
    /// </summary>
    public Task Stopped => _pump;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds a subscriber unless the last one already left (then the caller creates a new registration).</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_closed) return false;
            _subscribers++;
        }
        Interlocked.Increment(ref _hub.WatchSubscribers);
        return true;
    }

    /// <summary>Called by the pool's registry under its lock: true when this was the last subscriber.</summary>
    public bool Leave()
    {
        Interlocked.Decrement(ref _hub.WatchSubscribers);
        lock (_gate)
        {
            if (--_subscribers > 0) return false;
            _closed = true;
        }
        _stop.Cancel();
        _registration.Dispose();
        return true;
    }

    public override void End() => Finish(null);

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
    public async ValueTask<bool> NextAsync(WatchSubscriber<TArgs, TResult> s, CancellationToken cancellationToken)
    {
        var comparer = _key.Comparer;
        while (true)
        {
            Task published;
            TaskCompletionSource? demand;
            lock (_gate)
            {
                // The first result must reflect every commit published before the subscriber joined.
                if (s.MinVersion < 0) s.MinVersion = _registration.Version;
                if (_hasResult && _resultVersion >= s.MinVersion && _resultSeq != s.LastSeq)
                {
                    bool consecutive = s.LastSeq + 1 == _resultSeq; // the loop already compared it with the one before
                    s.LastSeq = _resultSeq;
                    if (!s.HasValue || consecutive || !comparer.Equals(s.Value, _result))
                    {
                        s.Value = _result;
                        s.HasValue = true;
                        Interlocked.Increment(ref _hub.Emissions);
                        return true;
                    }
                    Interlocked.Increment(ref _hub.SkippedEqual);
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
                    if (_registration.Version == seen && !await _registration.WaitForChangeAsync(seen, token).ConfigureAwait(false))
                    {
                        Finish(null); // the pool is being disposed
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
                long version = _registration.Version;
                if (_hasResult && version - _resultVersion > 1) Interlocked.Add(ref _hub.CoalescedRefreshes, version - _resultVersion - 1);
                var (ok, value) = await _pool.RefreshAsync(_registration, _key, token).ConfigureAwait(false);
                if (!ok)
                {
                    if (!token.IsCancellationRequested) Finish(null); // the pool is being disposed
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
            // A SQL error: every subscriber sees it from MoveNextAsync; the pool forgets this registration.
            Finish(ExceptionDispatchInfo.Capture(e));
            _pool.ForgetSharedWatch(_key, this);
        }
    }

    private void Publish(TResult value, long version)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            Volatile.Write(ref _resultVersion, version);
            if (!_hasResult || !_key.Comparer.Equals(_result, value))
            {
                _result = value;
                _hasResult = true;
                _resultSeq++;
            }
            else
            {
                Interlocked.Increment(ref _hub.SkippedEqual);
            }
            wake = _published;
            _published = NewSignal();
        }
        wake.TrySetResult();
    }
}

/// <summary>One enumeration of a shared watch: joins on its first <see cref="MoveNextAsync"/>, leaves on dispose.</summary>
internal sealed class WatchSubscriber<TArgs, TResult>(SqlitePool pool, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken, CancellationTokenSource? linked)
    : IAsyncEnumerator<TResult>
{
    private SharedWatch<TArgs, TResult>? _shared;
    private bool _disposed;

    // Owned by the shared watch, read and written under its lock.
    internal long MinVersion = -1;
    internal long LastSeq = -1;
    internal bool HasValue;
    internal bool FaultSeen;
    internal TResult Value = default!;

    public TResult Current => HasValue ? Value : throw new InvalidOperationException("MoveNextAsync has not returned true.");

    public ValueTask<bool> MoveNextAsync()
    {
        if (_disposed || cancellationToken.IsCancellationRequested) return new(false);
        _shared ??= pool.JoinSharedWatch(key);
        return _shared.NextAsync(this, cancellationToken);
    }

    /// <summary>
    /// Leaves the shared watch. The last subscriber to leave also waits for a refresh that is still running, so the
    /// reader it holds is back in the pool when this completes (the refresh is cancelled, so the wait is short).
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed) return ValueTask.CompletedTask;
        _disposed = true;
        bool last = _shared is { } shared && pool.LeaveSharedWatch(key, shared);
        linked?.Dispose();
        return last ? new ValueTask(_shared!.Stopped) : ValueTask.CompletedTask;
    }
}

/// <summary>What <see cref="SqlitePool.Watch{TArgs, TResult}"/> returns: each enumeration is one subscriber.</summary>
internal sealed class WatchEnumerable<TArgs, TResult>(SqlitePool pool, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken)
    : IAsyncEnumerable<TResult>
{
    public IAsyncEnumerator<TResult> GetAsyncEnumerator(CancellationToken cancellationToken2 = default)
    {
        if (!cancellationToken2.CanBeCanceled || cancellationToken2 == cancellationToken)
        {
            return new WatchSubscriber<TArgs, TResult>(pool, key, cancellationToken, null);
        }
        if (!cancellationToken.CanBeCanceled) return new WatchSubscriber<TArgs, TResult>(pool, key, cancellationToken2, null);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancellationToken2);
        return new WatchSubscriber<TArgs, TResult>(pool, key, linked.Token, linked);
    }
}
