using Holon.Data.Watching;

namespace Holon.Data.Npgsql.Watching;

/// <summary>What makes two watches the same observation: one statement definition, equal bound arguments
/// (<see cref="EqualityComparer{T}.Default"/>), the same bind/read delegates and the same result comparer.</summary>
internal sealed record WatchKey<TArgs, TResult>(
    StatementDefinition Definition,
    TArgs Args,
    Action<NpgsqlStatement, TArgs>? Bind,
    Func<NpgsqlStatement, TResult> Read,
    IEqualityComparer<TResult> Comparer);

/// <summary>The non-generic face of a PostgreSQL shared watch, for the watcher's registry.</summary>
internal interface IRegisteredWatch
{
    /// <summary>What the watcher indexes and bumps.</summary>
    WatchRegistration Registration { get; }

    /// <summary>The watcher is disposing (or its feed failed): wake every subscriber; they end after what they have.</summary>
    void End(Exception? failure);
}

/// <summary>
/// PostgreSQL's shared watch, with the rules of SQLite's (<see cref="SharedWatchCore{TResult}"/>): its version and
/// wake-ups come from a <see cref="WatchRegistration"/> the watcher bumps from its change feed, a refresh runs
/// through <see cref="NpgsqlWatcher.RefreshAsync"/>, and the last subscriber leaving (or the watcher ending)
/// completes the registration.
/// </summary>
internal sealed class SharedWatch<TArgs, TResult> : SharedWatchCore<TResult>, IRegisteredWatch
{
    private readonly NpgsqlWatcher _watcher;
    private readonly WatchCounters _counters;
    private readonly WatchKey<TArgs, TResult> _key;

    public SharedWatch(NpgsqlWatcher watcher, WatchCounters counters, WatchKey<TArgs, TResult> key) : base(counters, key.Comparer)
    {
        _watcher = watcher;
        _counters = counters;
        _key = key;
        Registration = new WatchRegistration(key.Definition);
        Interlocked.Increment(ref counters.Registrations);
        Start();
    }

    public WatchRegistration Registration { get; }

    protected override long Version => Registration.Version;

    protected override ValueTask<bool> WaitForChangeAsync(long seen, CancellationToken cancellationToken) =>
        Registration.WaitForChangeAsync(seen, cancellationToken);

    protected override ValueTask<(bool Ok, TResult Value)> RefreshAsync(CancellationToken cancellationToken) =>
        _watcher.RefreshAsync(Registration, _key, cancellationToken);

    protected override void Closed()
    {
        Interlocked.Decrement(ref _counters.Registrations);
        Registration.Complete();
    }

    protected override void Failed() => _watcher.Forget(_key, this);

    protected override void Ending() => Registration.Complete();
}

/// <summary>One enumeration of a watcher's shared watch (see <see cref="WatchSubscriberCore{TResult}"/>).</summary>
internal sealed class WatchSubscriber<TArgs, TResult>(NpgsqlWatcher watcher, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken,
    CancellationTokenSource? linked) : WatchSubscriberCore<TResult>(cancellationToken, linked)
{
    protected override SharedWatchCore<TResult> Join() => watcher.Join(key);

    protected override bool Leave(SharedWatchCore<TResult> shared) => watcher.Leave(key, (SharedWatch<TArgs, TResult>)shared);
}

/// <summary>What <see cref="NpgsqlWatcher.Watch{TArgs, TResult}"/> returns: each enumeration is one subscriber.</summary>
internal sealed class WatchEnumerable<TArgs, TResult>(NpgsqlWatcher watcher, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken)
    : WatchEnumerableCore<TResult>(cancellationToken)
{
    protected override IAsyncEnumerator<TResult> Subscribe(CancellationToken token, CancellationTokenSource? linked) =>
        new WatchSubscriber<TArgs, TResult>(watcher, key, token, linked);
}
