using System.Diagnostics;

namespace Holon.Data.Tests.Watch;

public sealed record Item(long Id, string Content);

/// <summary>pool.Watch and pool.Changes end to end on real SQLite files.</summary>
public sealed partial class PoolWatchTests : IAsyncLifetime
{
    private static readonly StatementDefinition s_children = new(
        "SELECT id, content FROM items WHERE parent = @parent ORDER BY id", StatementKind.Watch, ["@parent"], ["Id", "Content"], "Tests.WatchChildren");
    private static readonly StatementDefinition s_count = new(
        "SELECT count(*) FROM items", StatementKind.Watch, [], [], "Tests.WatchCount");
    private static readonly StatementDefinition s_view = new(
        "SELECT label FROM labels_view ORDER BY label", StatementKind.Watch, [], [], "Tests.WatchView");

    private readonly WatchTestDb _db = new();
    private SqlitePool _pool = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _pool = NewPool();
        await _pool.WriteAsync(l =>
        {
            l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, parent INT NOT NULL, content TEXT NOT NULL)");
            l.Execute("CREATE INDEX items_parent ON items(parent)");
            l.Execute("CREATE TABLE other(id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
            return ValueTask.CompletedTask;
        }, Ct);
    }

    private SqlitePool NewPool(Action<SqlitePoolOptions>? configure = null)
    {
        var o = new SqlitePoolOptions { ConnectionString = _db.ConnectionString, MaxReaders = 4 };
        configure?.Invoke(o);
        return new SqlitePool(o);
    }

    private static IAsyncEnumerable<IReadOnlyList<Item>> Children(SqlitePool pool, long parent, CancellationToken ct) =>
        pool.Watch(s_children, parent, static (s, p) => s.BindInt64(0, p), static s =>
        {
            var list = new List<Item>();
            while (s.Step()) list.Add(new Item(s.GetInt64(0), s.GetString(1)));
            return (IReadOnlyList<Item>)list;
        }, ListComparer<Item>.Default, ct);

    private static IAsyncEnumerable<long> Count(SqlitePool pool, CancellationToken ct) =>
        pool.Watch<object?, long>(s_count, null, null, static s => s.Step() ? s.GetInt64(0) : 0, null, ct);

    /// <summary>Bounds every wait in these tests, so a bug fails a test instead of hanging the run.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<bool> Next(IAsyncEnumerator<ChangeSet> e) => e.MoveNextAsync().AsTask().WaitAsync(Bound, Ct);

        private Task Insert(long parent, string content) =>
        _pool.WriteAsync(l => { l.Execute("INSERT INTO items(parent, content) VALUES (?1, ?2)", parent, content); return ValueTask.CompletedTask; }, Ct);

    [Fact]
    public async Task YieldsAtOnce_ThenAfterEveryRelevantCommit()
    {
        await Insert(1, "a");
        await using var w = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 1, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        Assert.Equal([new Item(1, "a")], w.Last);

        await Insert(1, "b");
        await w.WaitUntilAsync(e => e.Count == 2);
        Assert.Equal([new Item(1, "a"), new Item(2, "b")], w.Last);

        await _pool.WriteAsync(l => { l.Execute("UPDATE items SET content = 'A' WHERE id = 1"); return ValueTask.CompletedTask; }, Ct);
        await w.WaitUntilAsync(e => e.Count == 3);
        Assert.Equal([new Item(1, "A"), new Item(2, "b")], w.Last);
        Assert.Equal(0, _pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public async Task NoEmission_ForRollbacks_CommitsToUnreadTables_OrEqualResults()
    {
        await Insert(1, "a");
        await using var w = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 1, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        long refreshesBefore = _pool.WatchStatistics.Refreshes;

        // Rolled back: the work throws, WriteAsync rolls back.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _pool.WriteAsync(l =>
        {
            l.Execute("INSERT INTO items(parent, content) VALUES (1, 'never')");
            throw new InvalidOperationException("abort");
        }, Ct));
        // Committed, but to a table the query does not read.
        await _pool.WriteAsync(l => { l.Execute("INSERT INTO other(label) VALUES ('x')"); return ValueTask.CompletedTask; }, Ct);
        await Task.Delay(300, Ct);
        Assert.Equal(refreshesBefore, _pool.WatchStatistics.Refreshes);

        // Committed to the read table, but the result is unchanged (another parent): refreshed, not emitted.
        await Insert(2, "elsewhere");
        var sw = Stopwatch.StartNew();
        while (_pool.WatchStatistics.Refreshes == refreshesBefore && sw.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(5, Ct);
        Assert.Equal(refreshesBefore + 1, _pool.WatchStatistics.Refreshes);
        Assert.True(_pool.WatchStatistics.SkippedEqual >= 1);

        // A relevant commit as a barrier: the next emission is exactly it.
        await Insert(1, "b");
        var all = await w.WaitUntilAsync(e => e.Count == 2);
        Assert.Equal([new Item(1, "a"), new Item(3, "b")], all[1]);
    }

    [Fact]
    public async Task BurstOf1000Commits_CoalescesRefreshes_AndEndsOnFinalState()
    {
        await using var w = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 7, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        long before = _pool.WatchStatistics.Refreshes;
        for (int i = 0; i < 1000; i++)
        {
            using var lease = await _pool.RentWriterAsync(Ct);
            lease.Execute("INSERT INTO items(parent, content) VALUES (7, ?1)", "row" + i);
        }
        var final = await w.WaitUntilAsync(e => e[^1].Count == 1000);
        long refreshes = _pool.WatchStatistics.Refreshes - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"1000 commits -> {refreshes} refreshes, {final.Count - 1} emissions");
        Assert.True(refreshes < 500, $"{refreshes} refreshes for 1000 commits");
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "row" + i), final[^1].Select(x => x.Content));
    }

    [Fact]
    public async Task HundredWatches_FivePooledConnections_WritesProceed_EveryWatchSeesFinalState()
    {
        var watches = new List<WatchCollector<IReadOnlyList<Item>>>();
        for (int p = 0; p < 100; p++)
        {
            long parent = p;
            watches.Add(new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, parent, ct), Ct));
        }
        var counts = new List<WatchCollector<long>> { new(ct => Count(_pool, ct), Ct) };
        try
        {
            foreach (var w in watches) await w.WaitUntilAsync(e => e.Count >= 1);
            for (int round = 0; round < 5; round++)
            {
                await _pool.WriteAsync(l =>
                {
                    for (int p = 0; p < 100; p++) l.Execute("INSERT INTO items(parent, content) VALUES (?1, ?2)", p, $"r{round}");
                    return ValueTask.CompletedTask;
                }, Ct);
                for (int p = 0; p < 100; p += 10) await Insert(p, $"single{round}");
            }
            for (int p = 0; p < 100; p++)
            {
                int expected = p % 10 == 0 ? 10 : 5;
                var e = await watches[p].WaitUntilAsync(x => x[^1].Count == expected);
                Assert.All(e[^1], i => Assert.StartsWith(i.Content.StartsWith('r') ? "r" : "single", i.Content));
            }
            await counts[0].WaitUntilAsync(x => x[^1] == 500 + 50);
            var stats = _pool.Statistics;
            Assert.True(stats.ConnectionsCreated <= 5, $"{stats.ConnectionsCreated} connections created");
            Assert.Equal(0, stats.Timeouts);
            Assert.Equal(101, _pool.WatchStatistics.ActiveWatches);
        }
        finally
        {
            foreach (var w in watches) await w.DisposeAsync();
            foreach (var c in counts) await c.DisposeAsync();
        }
        Assert.Equal(0, _pool.WatchStatistics.ActiveWatches);
        Assert.Equal(0, _pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public async Task CancelledWatches_ReturnEverything()
    {
        var watches = Enumerable.Range(0, 20).Select(p => new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, p % 3, ct), Ct)).ToList();
        foreach (var w in watches) await w.WaitUntilAsync(e => e.Count >= 1);
        // Keep them refreshing while they are cancelled.
        var writer = Task.Run(async () => { for (int i = 0; i < 200; i++) await Insert(i % 3, "x" + i); }, Ct);
        await Task.Delay(20, Ct);
        foreach (var w in watches) await w.CancelAsync(); // ends without an exception
        await writer;

        // Breaking out of await foreach disposes the enumerator: same result.
        await foreach (var first in Children(_pool, 0, Ct)) { Assert.NotEmpty(first); break; }

        Assert.Equal(0, _pool.Statistics.ConnectionsInUse);
        Assert.Equal(0, _pool.WatchStatistics.ActiveWatches);
        foreach (var w in watches) Assert.True(w.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task SchemaChange_RefreshesAffectedWatches_AndRelearnsTheReadSet()
    {
        await _pool.WriteAsync(l =>
        {
            l.Execute("CREATE VIEW labels_view AS SELECT content AS label FROM items WHERE parent = 9");
            l.Execute("INSERT INTO items(parent, content) VALUES (9, 'from items')");
            l.Execute("INSERT INTO other(label) VALUES ('from other')");
            return ValueTask.CompletedTask;
        }, Ct);
        await using var w = new WatchCollector<IReadOnlyList<string>>(ct => _pool.Watch<object?, IReadOnlyList<string>>(s_view, null, null, static s =>
        {
            var list = new List<string>();
            while (s.Step()) list.Add(s.GetString(0));
            return list;
        }, ListComparer<string>.Default, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        Assert.Equal(["from items"], w.Last);
        long learned = _pool.WatchStatistics.ReadSetsLearned;

        // Redefine the view over another table, through the writer.
        await _pool.WriteAsync(l =>
        {
            l.Execute("DROP VIEW labels_view");
            l.Execute("CREATE VIEW labels_view AS SELECT label FROM other");
            return ValueTask.CompletedTask;
        }, Ct);
        await w.WaitUntilAsync(e => e[^1] is ["from other"]);
        Assert.True(_pool.WatchStatistics.ReadSetsLearned > learned);

        // The watch now follows the new table (only possible with the re-learned read set)...
        await _pool.WriteAsync(l => { l.Execute("INSERT INTO other(label) VALUES ('more')"); return ValueTask.CompletedTask; }, Ct);
        await w.WaitUntilAsync(e => e[^1] is ["from other", "more"]);
        // ...and no longer the old one.
        long refreshes = _pool.WatchStatistics.Refreshes;
        await Insert(9, "ignored");
        await Task.Delay(300, Ct);
        Assert.Equal(refreshes, _pool.WatchStatistics.Refreshes);
    }

    [Fact]
    public async Task WatchOnAWithoutRowidTable_SeesCommits()
    {
        var def = new StatementDefinition("SELECT v FROM kv WHERE k = 'a'", StatementKind.Watch, [], [], "Tests.WatchKv");
        await _pool.WriteAsync(l => { l.Execute("CREATE TABLE kv(k TEXT PRIMARY KEY, v INT) WITHOUT ROWID"); l.Execute("INSERT INTO kv VALUES ('a', 1)"); return ValueTask.CompletedTask; }, Ct);
        await using var w = new WatchCollector<long>(ct => _pool.Watch<object?, long>(def, null, null, static s => s.Step() ? s.GetInt64(0) : -1, null, ct), Ct);
        await w.WaitUntilAsync(e => e is [1]);
        await _pool.WriteAsync(l => { l.Execute("UPDATE kv SET v = 2"); return ValueTask.CompletedTask; }, Ct);
        await w.WaitUntilAsync(e => e is [1, 2]);
    }

    [Fact]
    public async Task InMemoryPool_WatchesWork()
    {
        await using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=:memory:", MaxReaders = 2 });
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, parent INT NOT NULL, content TEXT NOT NULL)"); return ValueTask.CompletedTask; }, Ct);
        await using var w = new WatchCollector<long>(ct => Count(pool, ct), Ct);
        await w.WaitUntilAsync(e => e is [0]);
        await pool.WriteAsync(l => { l.Execute("INSERT INTO items(parent, content) VALUES (1, 'x')"); return ValueTask.CompletedTask; }, Ct);
        await w.WaitUntilAsync(e => e is [0, 1]);
    }

    [Fact]
    public async Task DisposingThePool_EndsWatchesAndStreams()
    {
        var pool = NewPool();
        await using var w = new WatchCollector<long>(ct => Count(pool, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        var stream = pool.Changes.GetAsyncEnumerator(Ct);
        var next = stream.MoveNextAsync().AsTask();
        await pool.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        Assert.False(await next.WaitAsync(Bound, Ct));
        await w.Completion.WaitAsync(Bound, Ct); // ended without an exception
        await stream.DisposeAsync();
    }

    [Fact]
    public void Options_RejectBadValues()
    {
        var o = new SqlitePoolOptions();
        Assert.Null(o.DataVersionPollInterval);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.DataVersionPollInterval = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.ChangeBufferCapacity = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.MaxConcurrentWatchRefreshes = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.WatchRefreshPacing = TimeSpan.FromMilliseconds(-1));
        Assert.Equal(TimeSpan.FromMilliseconds(1), o.WatchRefreshPacing);
        Assert.Equal(1, o.MaxConcurrentWatchRefreshes);
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync().AsTask().WaitAsync(Bound);
        _db.Dispose();
    }
}
