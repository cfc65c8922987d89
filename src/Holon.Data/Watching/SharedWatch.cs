namespace Holon.Data.Watching;

/// <summary>What makes two watches the same observation: one statement definition, equal bound arguments
/// (<see cref="EqualityComparer{T}.Default"/>), the same bind/read delegates and the same result comparer.</summary>
internal sealed record WatchKey<TArgs, TResult>(
    StatementDefinition Definition,
    TArgs Args,
    Action<PreparedStatement, TArgs>? Bind,
    Func<PreparedStatement, TResult> Read,
    IEqualityComparer<TResult> Comparer);

/// <summary>
/// SQLite's shared watch (rules in <see cref="SharedWatchCore{TResult}"/>): its version and wake-ups come from a
/// <see cref="ChangeHub"/> registration, a refresh rents a reader through the pool's <see cref="WatchRefresher"/>,
/// and the last subscriber leaving removes the registration from the hub.
/// </summary>
internal sealed class SharedWatch<TArgs, TResult> : SharedWatchCore<TResult>
{
    private readonly SqlitePool _pool;
    private readonly WatchKey<TArgs, TResult> _key;
    private readonly WatchRegistration _registration;

    public SharedWatch(SqlitePool pool, ChangeHub hub, WatchKey<TArgs, TResult> key) : base(hub.Watches, key.Comparer)
    {
        _pool = pool;
        _key = key;
        // Listen before the first read, so a commit racing with it causes a refresh instead of being lost.
        _registration = hub.Register(key.Definition.Sql);
        Start();
    }

    protected override long Version => _registration.Version;

    protected override ValueTask<bool> WaitForChangeAsync(long seen, CancellationToken cancellationToken) =>
        _registration.WaitForChangeAsync(seen, cancellationToken);

    protected override ValueTask<(bool Ok, TResult Value)> RefreshAsync(CancellationToken cancellationToken) =>
        _pool.RefreshAsync(_registration, _key, cancellationToken);

    protected override void Closed() => _registration.Dispose();

    protected override void Failed() => _pool.ForgetSharedWatch(_key, this);
}

/// <summary>One enumeration of a pool's shared watch (see <see cref="WatchSubscriberCore{TResult}"/>).</summary>
internal sealed class WatchSubscriber<TArgs, TResult>(SqlitePool pool, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken, CancellationTokenSource? linked)
    : WatchSubscriberCore<TResult>(cancellationToken, linked)
{
    protected override SharedWatchCore<TResult> Join() => pool.JoinSharedWatch(key);

    protected override bool Leave(SharedWatchCore<TResult> shared) => pool.LeaveSharedWatch(key, shared);
}

/// <summary>What <see cref="SqlitePool.Watch{TArgs, TResult}"/> returns: each enumeration is one subscriber.</summary>
internal sealed class WatchEnumerable<TArgs, TResult>(SqlitePool pool, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken)
    : WatchEnumerableCore<TResult>(cancellationToken)
{
    protected override IAsyncEnumerator<TResult> Subscribe(CancellationToken token, CancellationTokenSource? linked) =>
        new WatchSubscriber<TArgs, TResult>(pool, key, token, linked);
}
