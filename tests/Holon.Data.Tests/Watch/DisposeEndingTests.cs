namespace Holon.Data.Tests.Watch;

/// <summary>
/// How watches and <see cref="SqlitePool.Changes"/> end when the pool goes away, the same for Dispose and DisposeAsync:
/// an enumeration in progress ends normally (no more items, no exception); one started afterwards throws
/// <see cref="ObjectDisposedException"/>, as a rent does. (The difference between the two that was reported could
/// not be reproduced on this code; these tests pin the documented ending for both.)
/// </summary>
public sealed class DisposeEndingTests : IDisposable
{
    private static readonly StatementDefinition s_count = new("SELECT count(*) FROM items", StatementKind.Watch, [], [], "DisposeEndingTests.Count");

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly WatchTestDb _db = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    private SqlitePool NewPool()
    {
        var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = _db.ConnectionString, MaxReaders = 2 });
        using var lease = pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY)");
        return pool;
    }

    private static IAsyncEnumerable<long> Count(SqlitePool pool) =>
        pool.Watch<object?, long>(s_count, null, null, static s => s.Step() ? s.GetInt64(0) : 0, null, Ct);

    private static async Task End(SqlitePool pool, bool async)
    {
        if (async) await pool.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        else pool.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_waiting_for_its_next_result_ends_without_an_exception(bool async)
    {
        var pool = NewPool();
        await using var watch = Count(pool).GetAsyncEnumerator(Ct);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Bound, Ct));
        Assert.Equal(0, watch.Current);
        var next = watch.MoveNextAsync().AsTask();

        await End(pool, async);

        Assert.False(await next.WaitAsync(Bound, Ct));
        Assert.False(await watch.MoveNextAsync().AsTask().WaitAsync(Bound, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_that_has_not_asked_yet_ends_without_an_exception(bool async)
    {
        var pool = NewPool();
        await using var watch = Count(pool).GetAsyncEnumerator(Ct);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Bound, Ct));

        await End(pool, async);

        Assert.False(await watch.MoveNextAsync().AsTask().WaitAsync(Bound, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_change_stream_ends_without_an_exception(bool async)
    {
        var pool = NewPool();
        await using var changes = pool.Changes.GetAsyncEnumerator(Ct);
        var next = changes.MoveNextAsync().AsTask();
        using (var lease = pool.RentWriter(Ct)) lease.Execute("INSERT INTO items DEFAULT VALUES");
        Assert.True(await next.WaitAsync(Bound, Ct));
        var waiting = changes.MoveNextAsync().AsTask();

        await End(pool, async);

        Assert.False(await waiting.WaitAsync(Bound, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_or_change_stream_started_after_dispose_throws_ObjectDisposedException(bool async)
    {
        var pool = NewPool();
        await End(pool, async);

        // A watch joins its registration in the first MoveNextAsync; the change stream subscribes in GetAsyncEnumerator.
        await using var watch = Count(pool).GetAsyncEnumerator(Ct);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await watch.MoveNextAsync());
        Assert.Throws<ObjectDisposedException>(() => pool.Changes.GetAsyncEnumerator(Ct));
    }
}
