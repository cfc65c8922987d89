using Holon.Data.Watching;

namespace Holon.Data.Tests.Watch;

public sealed class ChangeSubscriptionTests
{
    private static void Commit(ChangeHub hub, string table) => hub.PublishCommit([table], [new RowChange(table, RowOperation.Insert, 1)], []);

    [Fact]
    public async Task Overflow_DeliversBufferedThenMarkerThenLaterCommits()
    {
        var hub = new ChangeHub();
        await using var sub = hub.Subscribe(3, TestContext.Current.CancellationToken);
        for (int i = 0; i < 10; i++) Commit(hub, "t"); // 1..3 kept, 4..10 dropped

        var got = new List<ChangeSet>();
        for (int i = 0; i < 4; i++) { Assert.True(await sub.MoveNextAsync()); got.Add(sub.Current); }
        Assert.Equal([1L, 2L, 3L], got.Take(3).Select(s => s.Sequence));
        Assert.Equal(ChangeSetKind.MissedChanges, got[3].Kind);
        Assert.Equal(10, got[3].Sequence);
        Assert.True(got[3].Touches("anything"));
        Assert.Equal(1, hub.Overflows);

        Commit(hub, "t");
        Assert.True(await sub.MoveNextAsync());
        Assert.Equal(ChangeSetKind.Commit, sub.Current.Kind);
        Assert.Equal(11, sub.Current.Sequence);
    }

    [Fact]
    public async Task MoveNext_WaitsForTheNextCommit_AndEndsOnCancel()
    {
        var hub = new ChangeHub();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var sub = hub.Subscribe(8, cts.Token);
        var next = sub.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        Commit(hub, "x");
        Assert.True(await next);
        Assert.Equal(["x"], sub.Current.Tables);

        var pending = sub.MoveNextAsync().AsTask();
        cts.Cancel();
        Assert.False(await pending);
    }

    [Fact]
    public async Task DisposedSubscription_IsNoLongerPublishedTo()
    {
        var hub = new ChangeHub();
        var sub = hub.Subscribe(8, TestContext.Current.CancellationToken);
        Assert.Equal(1, hub.Subscribers);
        await sub.DisposeAsync();
        Assert.Equal(0, hub.Subscribers);
    }

    [Fact]
    public void ListComparer_ComparesElementsByValue()
    {
        IReadOnlyList<(string, long)> a = [("x", 1), ("y", 2)];
        IReadOnlyList<(string, long)> b = new List<(string, long)> { ("x", 1), ("y", 2) };
        IReadOnlyList<(string, long)> c = [("x", 1), ("y", 3)];
        Assert.True(ListComparer<(string, long)>.Default.Equals(a, b));
        Assert.Equal(ListComparer<(string, long)>.Default.GetHashCode(a), ListComparer<(string, long)>.Default.GetHashCode(b));
        Assert.False(ListComparer<(string, long)>.Default.Equals(a, c));
        Assert.False(ListComparer<(string, long)>.Default.Equals(a, null));
    }
}
