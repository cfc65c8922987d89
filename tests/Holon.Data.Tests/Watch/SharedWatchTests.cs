using System.Diagnostics.Metrics;

namespace Holon.Data.Tests.Watch;

/// <summary>Shared registrations, the table index, latest-wins delivery and the watch counters, on real SQLite files.</summary>
public sealed class SharedWatchTests : IAsyncLifetime
{
    private static readonly StatementDefinition s_children = new(
        "SELECT id, content FROM items WHERE parent = @parent ORDER BY id", StatementKind.Watch, ["@parent"], ["Id", "Content"], "Tests.SharedChildren");
    private static readonly StatementDefinition s_labels = new(
        "SELECT label FROM other ORDER BY id", StatementKind.Watch, [], [], "Tests.SharedLabels");
    private static readonly StatementDefinition s_missing = new(
        "SELECT x FROM no_such_table", StatementKind.Watch, [], [], "Tests.SharedMissing");

    private const int Readers = 4;
    private readonly WatchTestDb _db = new();
    private SqlitePool _pool = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = _db.ConnectionString, MaxReaders = Readers });
        await _pool.WriteAsync(l =>
        {
            l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, parent INT NOT NULL, content TEXT NOT NULL)");
            l.Execute("CREATE INDEX items_parent ON items(parent)");
            l.Execute("CREATE TABLE other(id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
            return ValueTask.CompletedTask;
        }, Ct);
    }

    private static IAsyncEnumerable<IReadOnlyList<Item>> Children(SqlitePool pool, long parent, CancellationToken ct) =>
        pool.Watch(s_children, parent, static (s, p) => s.BindInt64(0, p), static s =>
        {
            var list = new List<Item>();
            while (s.Step()) list.Add(new Item(s.GetInt64(0), s.GetString(1)));
            return (IReadOnlyList<Item>)list;
        }, ListComparer<Item>.Default, ct);

    private static IAsyncEnumerable<IReadOnlyList<string>> Labels(SqlitePool pool, CancellationToken ct) =>
        pool.Watch<object?, IReadOnlyList<string>>(s_labels, null, null, static s =>
        {
            var list = new List<string>();
            while (s.Step()) list.Add(s.GetString(0));
            return list;
        }, ListComparer<string>.Default, ct);

    private Task Insert(long parent, string content) =>
        _pool.WriteAsync(l => { l.Execute("INSERT INTO items(parent, content) VALUES (?1, ?2)", parent, content); return ValueTask.CompletedTask; }, Ct);

    private Task InsertOther(string label) =>
        _pool.WriteAsync(l => { l.Execute("INSERT INTO other(label) VALUES (?1)", label); return ValueTask.CompletedTask; }, Ct);

    private static async Task DisposeAll<T>(IEnumerable<WatchCollector<T>> watches)
    {
        foreach (var w in watches) await w.DisposeAsync();
    }

    [Fact]
    public async Task SameQueryAndArguments_ShareOneRegistration_DifferentArgumentsDoNot()
    {
        var a = new[] { new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 1, ct), Ct), new(ct => Children(_pool, 1, ct), Ct), new(ct => Children(_pool, 1, ct), Ct) };
        var b = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 2, ct), Ct);
        try
        {
            foreach (var w in a) await w.WaitUntilAsync(e => e.Count == 1);
            await b.WaitUntilAsync(e => e.Count == 1);
            Assert.Equal(2, _pool.WatchStatistics.Registrations);
            Assert.Equal(4, _pool.WatchStatistics.ActiveWatches);

            long refreshes = _pool.WatchStatistics.Refreshes;
            await Insert(1, "x");
            foreach (var w in a) Assert.Equal("x", Assert.Single((await w.WaitUntilAsync(e => e.Count == 2))[1]).Content);
            // Three subscribers, one refresh: the commit touched items, which both registrations read, so at most two.
            Assert.InRange(_pool.WatchStatistics.Refreshes - refreshes, 1, 2);
        }
        finally
        {
            await DisposeAll(a);
            await b.DisposeAsync();
        }
        Assert.Equal(0, _pool.WatchStatistics.Registrations);
        Assert.Equal(0, _pool.WatchStatistics.ActiveWatches);
    }

    [Fact]
    public async Task ALateSubscriber_StartsWithTheCurrentResult()
    {
        await using var first = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 5, ct), Ct);
        await first.WaitUntilAsync(e => e.Count == 1);
        await Insert(5, "a");
        await Insert(5, "b");
        await first.WaitUntilAsync(e => e[^1].Count == 2);
        await using var late = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 5, ct), Ct);
        var got = await late.WaitUntilAsync(e => e.Count >= 1);
        Assert.Equal(["a", "b"], got[0].Select(i => i.Content));
        Assert.Equal(1, _pool.WatchStatistics.Registrations);
    }

    [Fact]
    public async Task ThousandSubscribers_OnTenQueries_EndOnTheFinalState_WithinOneWriterAndTheReaders()
    {
        var watches = new List<WatchCollector<IReadOnlyList<Item>>>();
        try
        {
            for (int i = 0; i < 1000; i++)
            {
                long parent = i % 10;
                watches.Add(new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, parent, ct), Ct));
            }
            foreach (var w in watches) await w.WaitUntilAsync(e => e.Count >= 1, seconds: 60);
            Assert.Equal(10, _pool.WatchStatistics.Registrations);
            Assert.Equal(1000, _pool.WatchStatistics.ActiveWatches);

            for (int i = 0; i < 200; i++)
            {
                using var lease = await _pool.RentWriterAsync(Ct);
                lease.Execute("INSERT INTO items(parent, content) VALUES (?1, ?2)", i % 10, "r" + i);
            }
            for (int i = 0; i < 1000; i++)
            {
                long parent = i % 10;
                var e = await watches[i].WaitUntilAsync(x => x[^1].Count == 20, seconds: 60);
                Assert.Equal(Enumerable.Range(0, 20).Select(k => "r" + (k * 10 + parent)), e[^1].Select(x => x.Content));
            }
            var stats = _pool.Statistics;
            Assert.True(stats.ConnectionsCreated <= 1 + Readers, $"{stats.ConnectionsCreated} connections created");
            Assert.Equal(0, stats.Timeouts);
            // Shared: far fewer refreshes than subscribers times commits.
            Assert.True(_pool.WatchStatistics.Refreshes <= 10 + 200 * 10, $"{_pool.WatchStatistics.Refreshes} refreshes");
        }
        finally
        {
            await DisposeAll(watches);
        }
        Assert.Equal(0, _pool.WatchStatistics.Registrations);
        Assert.Equal(0, _pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public async Task SubscribersJoiningAndLeaving_DuringAWriteBurst_EachSeeOrderedStates_AndTheLastOnesTheFinalState()
    {
        const int Commits = 300;
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < Commits; i++)
            {
                using var lease = await _pool.RentWriterAsync(Ct);
                lease.Execute("INSERT INTO items(parent, content) VALUES (3, ?1)", "w" + i);
            }
        }, Ct);
        var left = new List<WatchCollector<IReadOnlyList<Item>>>();
        var stayed = new List<WatchCollector<IReadOnlyList<Item>>>();
        for (int round = 0; round < 30; round++)
        {
            var w = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 3, ct), Ct);
            await w.WaitUntilAsync(e => e.Count >= 1);
            if (round % 2 == 0)
            {
                await w.CancelAsync();
                left.Add(w);
            }
            else stayed.Add(w);
        }
        await writer;
        try
        {
            foreach (var w in stayed)
            {
                var e = await w.WaitUntilAsync(x => x[^1].Count == Commits);
                // Every emission is a prefix of the final list, growing: no state from before the subscriber joined.
                for (int k = 1; k < e.Count; k++) Assert.True(e[k].Count > e[k - 1].Count, "emissions must grow");
                Assert.Equal(Enumerable.Range(0, Commits).Select(i => "w" + i), e[^1].Select(x => x.Content));
            }
            foreach (var w in left) Assert.True(w.Completion.IsCompletedSuccessfully);
            Assert.Equal(stayed.Count, _pool.WatchStatistics.ActiveWatches);
            Assert.Equal(1, _pool.WatchStatistics.Registrations);
        }
        finally
        {
            await DisposeAll(stayed);
            await DisposeAll(left);
        }
        Assert.Equal(0, _pool.WatchStatistics.Registrations);
    }

    [Fact]
    public async Task OneCancelledSubscriber_DoesNotEndTheOthers()
    {
        var ws = Enumerable.Range(0, 3).Select(_ => new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 9, ct), Ct)).ToList();
        try
        {
            foreach (var w in ws) await w.WaitUntilAsync(e => e.Count == 1);
            await ws[1].CancelAsync();
            Assert.True(ws[1].Completion.IsCompletedSuccessfully);
            await Insert(9, "after");
            await ws[0].WaitUntilAsync(e => e.Count == 2 && e[1].Single().Content == "after");
            await ws[2].WaitUntilAsync(e => e.Count == 2 && e[1].Single().Content == "after");
            Assert.Single(ws[1].Snapshot());
            Assert.Equal(2, _pool.WatchStatistics.ActiveWatches);
            Assert.Equal(1, _pool.WatchStatistics.Registrations);
        }
        finally
        {
            await DisposeAll(ws);
        }
    }

    [Fact]
    public async Task AWatchOnAnUntouchedTable_IsNeverRefreshedByUnrelatedCommits()
    {
        await using var w = new WatchCollector<IReadOnlyList<string>>(ct => Labels(_pool, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        var before = _pool.WatchStatistics;
        for (int i = 0; i < 100; i++) await Insert(1, "unrelated" + i);
        var afterUnrelated = _pool.WatchStatistics;
        Assert.Equal(before.ChangeSetsPublished + 100, afterUnrelated.ChangeSetsPublished); // the commits were published
        Assert.Equal(before.Refreshes, afterUnrelated.Refreshes);                           // and reached no registration
        await InsertOther("mine");
        await w.WaitUntilAsync(e => e.Count == 2 && e[1] is ["mine"]);
        Assert.Equal(before.Refreshes + 1, _pool.WatchStatistics.Refreshes);
        Assert.Equal(0, _pool.WatchStatistics.CoalescedRefreshes);
    }

    [Fact]
    public async Task ASlowSubscriber_DoesNotSlowTheWriterOrTheOthers_AndThenGetsOnlyTheNewestResult()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSeen = new List<int>();
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var slow = Task.Run(async () =>
        {
            await foreach (var list in Children(_pool, 4, cts.Token))
            {
                lock (slowSeen) slowSeen.Add(list.Count);
                firstSeen.TrySetResult();
                await release.Task.WaitAsync(cts.Token); // does not read again until released
            }
        }, Ct);
        await using var fast = new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 4, ct), Ct);
        await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await fast.WaitUntilAsync(e => e.Count >= 1);

        // The whole burst completes while the slow subscriber still holds its first result.
        for (int i = 0; i < 200; i++) await Insert(4, "s" + i);
        await fast.WaitUntilAsync(e => e[^1].Count == 200);
        lock (slowSeen) Assert.Equal([0], slowSeen);

        long refreshes = _pool.WatchStatistics.Refreshes;
        release.TrySetResult();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (slowSeen) if (slowSeen.Count == 2) break;
            Assert.True(DateTime.UtcNow < deadline, "the slow subscriber never received the newest result");
            await Task.Delay(10, Ct);
        }
        lock (slowSeen) Assert.Equal([0, 200], slowSeen); // intermediate results dropped
        // The newest result was already there: catching up ran no query of its own (at most the fast subscriber's
        // trailing refresh, when the last commit was published after a refresh that already read it had started).
        Assert.InRange(_pool.WatchStatistics.Refreshes - refreshes, 0, 1);
        await cts.CancelAsync();
        await slow.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task NobodyReading_CoalescesChanges_IntoOneRefreshWhenAsked()
    {
        await using var e = Children(_pool, 6, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await e.MoveNextAsync());
        Assert.Empty(e.Current);
        long refreshes = _pool.WatchStatistics.Refreshes;
        for (int i = 0; i < 50; i++) await Insert(6, "n" + i);
        // Nobody asked for a next result: the commits caused no query.
        Assert.Equal(refreshes, _pool.WatchStatistics.Refreshes);
        Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(50, e.Current.Count);
        Assert.Equal(refreshes + 1, _pool.WatchStatistics.Refreshes);
        Assert.Equal(49, _pool.WatchStatistics.CoalescedRefreshes);
    }

    [Fact]
    public async Task ASqlError_ReachesEverySubscriber_AndTheRegistrationIsFreed()
    {
        var watch = _pool.Watch<object?, long>(s_missing, null, null, static s => s.Step() ? s.GetInt64(0) : 0, null, Ct);
        await using var a = watch.GetAsyncEnumerator(Ct);
        await using var b = watch.GetAsyncEnumerator(Ct);
        var ea = await Assert.ThrowsAnyAsync<Exception>(async () => await a.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Contains("no_such_table", ea.Message);
        var eb = await Assert.ThrowsAnyAsync<Exception>(async () => await b.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Contains("no_such_table", eb.Message);
        Assert.False(await a.MoveNextAsync());
    }

    [Fact]
    public async Task Counters_AreOnTheHolonDataMeter()
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Holon.Data" && instrument.Name.StartsWith("holon.data.watch.", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == "db.client.connection.pool.name" && Equals(t.Value, _pool.Name)) seen[instrument.Name] = value;
            }
        });
        listener.Start();

        var ws = Enumerable.Range(0, 3).Select(_ => new WatchCollector<IReadOnlyList<Item>>(ct => Children(_pool, 8, ct), Ct)).ToList();
        try
        {
            foreach (var w in ws) await w.WaitUntilAsync(e => e.Count == 1);
            await Insert(8, "m");
            foreach (var w in ws) await w.WaitUntilAsync(e => e.Count == 2);
            listener.RecordObservableInstruments();
            Assert.Equal(1, seen["holon.data.watch.registrations"]);
            Assert.Equal(3, seen["holon.data.watch.shared_subscribers"]);
            Assert.Equal(_pool.WatchStatistics.Refreshes, seen["holon.data.watch.refreshes"]);
            Assert.InRange(seen["holon.data.watch.refreshes"], 2, 3);
            Assert.Equal(_pool.WatchStatistics.CoalescedRefreshes, seen["holon.data.watch.coalesced_refreshes"]);
            Assert.Equal(_pool.WatchStatistics.SkippedEqual, seen["holon.data.watch.skipped_equal"]);
        }
        finally
        {
            await DisposeAll(ws);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        _db.Dispose();
    }
}
