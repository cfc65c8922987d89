using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>Generated [Watch] methods against a real SQLite file.</summary>
public sealed class WatchTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly BlockStore _blocks;
    private readonly WatchStore _watches;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public WatchTests()
    {
        _blocks = new BlockStore(_db.Pool);
        _watches = new WatchStore(_db.Pool);
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Takes emissions until <paramref name="until"/> holds (generous deadline, not a timing assertion).</summary>
    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> watch, Func<List<T>, bool> until, Func<Task>? afterFirst = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        var seen = new List<T>();
        await foreach (var item in watch.WithCancellation(cts.Token))
        {
            seen.Add(item);
            if (seen.Count == 1 && afterFirst is not null) _ = Task.Run(afterFirst, Ct);
            if (until(seen)) return seen;
        }
        throw new TimeoutException($"watch ended after {seen.Count} emissions without reaching the expected state");
    }

    [Fact]
    public async Task ListWatch_YieldsNow_ThenAfterEachRelevantCommit()
    {
        await _blocks.InsertAsync(new Block("root", null, "Root", 0), Ct);
        await _blocks.InsertAsync(new Block("a", "root", "First", 1), Ct);
        var seen = await Collect(_watches.WatchChildren("root", Ct), s => s[^1].Count == 2, async () =>
        {
            await _blocks.InsertAsync(new Block("elsewhere", "other", "x", 5), Ct); // no change to this result: no emission
            await _blocks.InsertAsync(new Block("b", "root", "Second", 2), Ct);
        });
        Assert.Equal([new Block("a", "root", "First", 1)], seen[0]);
        Assert.Equal(2, seen.Count);
        Assert.Equal([new Block("a", "root", "First", 1), new Block("b", "root", "Second", 2)], seen[1]);
        Assert.Equal(0, _db.Pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public async Task RowWatch_YieldsNull_ThenTheRow()
    {
        var seen = await Collect(_watches.WatchBlock("x", Ct), s => s[^1] is not null,
            () => _blocks.InsertAsync(new Block("x", null, "X", 3), Ct).AsTask());
        Assert.Null(seen[0]);
        Assert.Equal(new Block("x", null, "X", 3), seen[^1]);
    }

    [Fact]
    public async Task ScalarWatches_FollowCommits()
    {
        var counts = await Collect(_watches.WatchCount(Ct), s => s[^1] == 3, async () =>
        {
            for (int i = 0; i < 3; i++) await _blocks.InsertAsync(new Block("n" + i, "p", "c", i), Ct);
        });
        Assert.Equal(0, counts[0]);
        Assert.Equal(counts.Distinct().Count(), counts.Count); // equal results are never repeated

        var from = await Collect(_watches.WatchCountFrom("p", 1, Ct), s => s[^1] == 3,
            () => _blocks.InsertAsync(new Block("n9", "p", "c", 9), Ct).AsTask());
        Assert.Equal([2, 3], from);
    }

    [Fact]
    public async Task CancellingAWatch_EndsIt_AndReturnsEverything()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        int n = 0;
        await foreach (var count in _watches.WatchCount(cts.Token))
        {
            n++;
            await cts.CancelAsync(); // ends the enumeration without an exception
        }
        Assert.Equal(1, n);
        Assert.Equal(0, _db.Pool.Statistics.ConnectionsInUse);
        Assert.Equal(0, _db.Pool.WatchStatistics.ActiveWatches);
    }

    [Fact]
    public async Task GeneratedWatches_WithEqualArguments_ShareOneRegistration()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        // Two-argument methods pass a tuple: equal values, one registration; another value, another one.
        await using var a = _watches.WatchCountFrom("p", 1, cts.Token).GetAsyncEnumerator(cts.Token);
        await using var b = _watches.WatchCountFrom("p", 1, cts.Token).GetAsyncEnumerator(cts.Token);
        await using var c = _watches.WatchCountFrom("p", 2, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await a.MoveNextAsync());
        Assert.True(await b.MoveNextAsync());
        Assert.True(await c.MoveNextAsync());
        Assert.Equal(2, _db.Pool.WatchStatistics.Registrations);
        Assert.Equal(3, _db.Pool.WatchStatistics.ActiveWatches);

        await _blocks.InsertAsync(new Block("s1", "p", "c", 1), Ct);
        Assert.True(await a.MoveNextAsync());
        Assert.True(await b.MoveNextAsync());
        Assert.Equal(1, a.Current);
        Assert.Equal(1, b.Current);
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.Equal(1, _db.Pool.WatchStatistics.Registrations);
    }
}
