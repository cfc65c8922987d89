using System.Runtime.ExceptionServices;

namespace Holon.Data.Npgsql.Watching;

/// <summary>What makes two watches the same observation: one statement definition, equal bound arguments
/// (<see cref="EqualityComparer{T}.Default"/>), the same bind/read delegates and the same result comparer.</summary>
internal sealed record WatchKey<TArgs, TResult>(
    StatementDefinition Definition,
    TArgs Args,
    Action<NpgsqlStatement, TArgs>? Bind,
    Func<NpgsqlStatement, TResult> Read,
    IEqualityComparer<TResult> Comparer);

/// <summary>The non-generic face of a shared watch, for the watcher's registry.</summary>
internal abstract class SharedWatch
{
    /// <summary>The watcher is disposing (or its feed failed): wake every subscriber; they end after what they have.</summary>
    public abstract void End(Exception? failure);

    /// <summary>What the watcher indexes and bumps.</summary>
    public abstract WatchRegistration Registration { get; }
}

/// <summary>
/// One registration shared by every subscriber of the same <see cref="WatchKey{TArgs, TResult}"/>, with the rules of
/// SQLite's shared watch: one refresh loop and one current result; it refreshes only when a commit touched the
/// query's tables <em>and</em> some subscriber waits for a newer result (latest wins); a result equal to the
/// previous one is not handed out; the last subscriber leaving stops the loop.
/// </summary>
internal sealed class SharedWatch<TArgs, TResult> : SharedWatch
{
    private readonly NpgsqlWatcher _watcher;
    private readonly WatchCounters _counters;
    private readonly WatchKey<TArgs, TResult> _key;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();

    // Guarded by _gate.
    private int _subscribers;
    private bool _closed;
    private bool _ended;
    private ExceptionDispatchInfo? _fault;
    private int _waiting;
    private TaskCompletionSource? _demand;
    private TaskCompletionSource _published = NewSignal();
    private bool _hasResult;
    private TResult _result = default!;
    private long _resultSeq;
    private long _resultVersion;
    private readonly Task _pump;

    public SharedWatch(NpgsqlWatcher watcher, WatchCounters counters, WatchKey<TArgs, TResult> key)
    {
        _watcher = watcher;
        _counters = counters;
        _key = key;
        Registration = new WatchRegistration(key.Definition);
        _subscribers = 1;
        Interlocked.Increment(ref counters.Subscribers);
        Interlocked.Increment(ref counters.Registrations);
        _pump = Task.Run(PumpAsync);
    }

    public override WatchRegistration Registration { get; }

    /// <summary>Completes when the refresh loop has ended and returned its connection; never faults.</summary>
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
        Interlocked.Increment(ref _counters.Subscribers);
        return true;
    }

    /// <summary>Called by the registry under its lock: true when this was the last subscriber.</summary>
    public bool Leave()
    {
        Interlocked.Decrement(ref _counters.Subscribers);
        lock (_gate)
        {
            if (--_subscribers > 0) return false;
            _closed = true;
        }
        Interlocked.Decrement(ref _counters.Registrations);
        _stop.Cancel();
        Registration.Complete();
        return true;
    }

    public override void End(Exception? failure)
    {
        Registration.Complete();
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

    /// <summary>The subscriber's next result: the current one at once if it has not taken it, else waits.</summary>
    public async ValueTask<bool> NextAsync(WatchSubscriber<TArgs, TResult> s, CancellationToken cancellationToken)
    {
        var comparer = _key.Comparer;
        while (true)
        {
            Task published;
            TaskCompletionSource? demand;
            lock (_gate)
            {
                // The first result must reflect every commit received before the subscriber joined.
                if (s.MinVersion < 0) s.MinVersion = Registration.Version;
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
                    if (Registration.Version == seen && !await Registration.WaitForChangeAsync(seen, token).ConfigureAwait(false))
                    {
                        Finish(null); // the watcher is being disposed
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
                long version = Registration.Version;
                if (_hasResult && version - _resultVersion > 1) Interlocked.Add(ref _counters.CoalescedRefreshes, version - _resultVersion - 1);
                var (ok, value) = await _watcher.RefreshAsync(Registration, _key, token).ConfigureAwait(false);
                if (!ok)
                {
                    if (!token.IsCancellationRequested) Finish(null);
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
            // A SQL error: every subscriber sees it from MoveNextAsync; the watcher forgets this registration.
            Finish(ExceptionDispatchInfo.Capture(e));
            _watcher.Forget(_key, this);
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
                Interlocked.Increment(ref _counters.SkippedEqual);
            }
            wake = _published;
            _published = NewSignal();
        }
        wake.TrySetResult();
    }
}

/// <summary>One enumeration of a shared watch: joins on its first <see cref="MoveNextAsync"/>, leaves on dispose.</summary>
internal sealed class WatchSubscriber<TArgs, TResult>(NpgsqlWatcher watcher, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken,
    CancellationTokenSource? linked) : IAsyncEnumerator<TResult>
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
        _shared ??= watcher.Join(key);
        return _shared.NextAsync(this, cancellationToken);
    }

    /// <summary>Leaves the shared watch; the last subscriber also waits for a running refresh to return its connection.</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed) return ValueTask.CompletedTask;
        _disposed = true;
        bool last = _shared is { } shared && watcher.Leave(key, shared);
        linked?.Dispose();
        return last ? new ValueTask(_shared!.Stopped) : ValueTask.CompletedTask;
    }
}

/// <summary>What <see cref="NpgsqlWatcher.Watch{TArgs, TResult}"/> returns: each enumeration is one subscriber.</summary>
internal sealed class WatchEnumerable<TArgs, TResult>(NpgsqlWatcher watcher, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken)
    : IAsyncEnumerable<TResult>
{
    public IAsyncEnumerator<TResult> GetAsyncEnumerator(CancellationToken cancellationToken2 = default)
    {
        if (!cancellationToken2.CanBeCanceled || cancellationToken2 == cancellationToken)
        {
            return new WatchSubscriber<TArgs, TResult>(watcher, key, cancellationToken, null);
        }
        if (!cancellationToken.CanBeCanceled) return new WatchSubscriber<TArgs, TResult>(watcher, key, cancellationToken2, null);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancellationToken2);
        return new WatchSubscriber<TArgs, TResult>(watcher, key, linked.Token, linked);
    }
}
