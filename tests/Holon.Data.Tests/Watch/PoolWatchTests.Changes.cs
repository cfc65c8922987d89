using System.Diagnostics;

namespace Holon.Data.Tests.Watch;

/// <summary>pool.Changes, and commits made outside the pool (data_version polling).</summary>
public sealed partial class PoolWatchTests
{
    [Fact]
    public async Task Changes_OnePerCommittedTransaction_InOrder_NoRollbacks()
    {
        await using var e = _pool.Changes.GetAsyncEnumerator(Ct);
        await Insert(1, "a");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _pool.WriteAsync(l => { l.Execute("INSERT INTO other(label) VALUES ('no')"); throw new InvalidOperationException(); }, Ct));
        await _pool.WriteAsync(l =>
        {
            l.Execute("INSERT INTO other(label) VALUES ('x')");
            l.Execute("UPDATE items SET content = 'b' WHERE id = 1");
            l.Execute("DELETE FROM other");
            return ValueTask.CompletedTask;
        }, Ct);

        Assert.True(await Next(e));
        var first = e.Current;
        Assert.True(await Next(e));
        var second = e.Current;
        Assert.Equal(ChangeSetKind.Commit, first.Kind);
        Assert.Equal([new RowChange("items", RowOperation.Insert, 1)], first.Rows);
        Assert.Equal(first.Sequence + 1, second.Sequence);
        Assert.Equal(
            [new RowChange("other", RowOperation.Insert, 1), new RowChange("items", RowOperation.Update, 1), new RowChange("other", RowOperation.Delete, 1)],
            second.Rows);
        Assert.Equal(1, _pool.WatchStatistics.ChangeSubscribers);
    }

    [Fact]
    public async Task CommitInsideAHeldWriterLease_IsPublishedAtCommit_NotAtReturn()
    {
        await using var e = _pool.Changes.GetAsyncEnumerator(Ct);
        using var lease = await _pool.RentWriterAsync(Ct);
        using (var tx = lease.BeginTransaction())
        {
            lease.Execute("INSERT INTO items(parent, content) VALUES (1, 'a')");
            tx.Commit();
        }
        Assert.True(await Next(e)); // the lease is still held
        Assert.Equal(["items"], e.Current.Tables);
        using (var tx = lease.BeginTransaction())
        {
            lease.Execute("INSERT INTO other(label) VALUES ('rolled back')");
            tx.Rollback();
        }
        lease.Dispose();
        var next = e.MoveNextAsync().AsTask();
        await Task.Delay(100, Ct);
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task ACommitFollowedByARollbackOnTheSameLease_IsStillPublished()
    {
        await using var e = _pool.Changes.GetAsyncEnumerator(Ct);
        using (var lease = await _pool.RentWriterAsync(Ct))
        {
            lease.Execute("INSERT INTO other(id, label) VALUES (7, 'kept')"); // autocommit: committed here
            Assert.ThrowsAny<Exception>(() => lease.Execute("INSERT INTO other(id, label) VALUES (7, 'duplicate')"));
            using (var tx = lease.BeginTransaction())
            {
                tx.Rollback(); // a rollback later on the same lease must not take the earlier commit with it
            }
        }

        Assert.True(await Next(e));
        Assert.Equal([new RowChange("other", RowOperation.Insert, 7)], e.Current.Rows);
        var more = e.MoveNextAsync().AsTask();
        await Task.Delay(100, Ct);
        Assert.False(more.IsCompleted); // and nothing for the failed insert or the rollback
    }

    [Fact(Timeout = 120_000)] // a hang guard: a writer that waited for the subscriber would never finish
    public async Task Changes_SlowSubscriber_NeverBlocksTheWriter_AndGetsTheOverflowMarker()
    {
        var ct = TestContext.Current.CancellationToken; // fires on the timeout
        await using var pool = NewPool(o => o.ChangeBufferCapacity = 16);
        const int commits = 2000;

        // A subscriber that reads nothing until the writer is done.
        await using var slow = pool.Changes.GetAsyncEnumerator(Ct);
        // The writer must finish while the subscriber reads nothing: a commit that waited for the subscriber would
        // never complete. That the backlog costs nothing per commit follows from the bound checked below: exactly
        // ChangeBufferCapacity sets are kept, then one MissedChanges marker.
        for (int i = 0; i < commits; i++)
        {
            using var lease = await pool.RentWriterAsync(ct);
            lease.Execute("INSERT INTO other(label) VALUES ('x')");
        }

        var got = new List<ChangeSet>();
        for (int i = 0; i < 17; i++) { Assert.True(await Next(slow)); got.Add(slow.Current); }
        Assert.All(got.Take(16), c => Assert.Equal(ChangeSetKind.Commit, c.Kind));
        Assert.Equal(ChangeSetKind.MissedChanges, got[16].Kind);
        Assert.Equal(got[0].Sequence + commits - 1, got[16].Sequence);
        Assert.Equal(1, pool.WatchStatistics.ChangeOverflows);

        // After the marker, delivery resumes.
        using (var lease = await pool.RentWriterAsync(Ct)) lease.Execute("INSERT INTO items(parent, content) VALUES (1, 'after')");
        Assert.True(await Next(slow));
        Assert.Equal(["items"], slow.Current.Tables);
    }

    [Fact]
    public async Task WriteFromASecondPool_IsNoticed_WhenPollingIsOn()
    {
        await using var watched = NewPool(o => o.DataVersionPollInterval = TimeSpan.FromMilliseconds(25));
        await using var outsider = NewPool();
        await using var changes = watched.Changes.GetAsyncEnumerator(Ct);
        await using var w = new WatchCollector<IReadOnlyList<Item>>(ct => Children(watched, 5, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        // The poller's first look is its baseline, published as an external change (watches re-read after it).
        Assert.True(await Next(changes));
        Assert.Equal(ChangeSetKind.ExternalChange, changes.Current.Kind);
        long baseline = watched.WatchStatistics.ExternalChanges;

        await outsider.WriteAsync(l => { l.Execute("INSERT INTO items(parent, content) VALUES (5, 'from outside')"); return ValueTask.CompletedTask; }, Ct);
        var all = await w.WaitUntilAsync(e => e[^1].Count == 1);
        Assert.Equal("from outside", all[^1][0].Content);
        Assert.True(await Next(changes));
        Assert.Equal(ChangeSetKind.ExternalChange, changes.Current.Kind);
        Assert.True(watched.WatchStatistics.ExternalChanges > baseline);
        Assert.True(watched.Statistics.ConnectionsCreated <= 5);
    }

    [Fact]
    public async Task Polling_StartedFromAFlowHoldingTheWriter_StillWorks()
    {
        await using var watched = NewPool(o => o.DataVersionPollInterval = TimeSpan.FromMilliseconds(25));
        await using var outsider = NewPool();
        WatchCollector<long> w;
        using (var writer = await watched.RentWriterAsync(Ct))
        {
            // The first watch (which starts the poller) begins while this flow holds the writer.
            w = new WatchCollector<long>(ct => Count(watched, ct), Ct);
            await w.WaitUntilAsync(e => e.Count == 1);
        }
        await using (w)
        {
            var sw = Stopwatch.StartNew();
            while (watched.WatchStatistics.ExternalChanges == 0 && sw.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(5, Ct); // the poller's baseline
            await outsider.WriteAsync(l => { l.Execute("INSERT INTO items(parent, content) VALUES (1, 'x')"); return ValueTask.CompletedTask; }, Ct);
            await w.WaitUntilAsync(e => e[^1] == 1);
        }
    }

    [Fact]
    public async Task WithoutPolling_OutsideWritesAreNotSeen_ButOwnWritesAre()
    {
        await using var outsider = NewPool();
        await using var w = new WatchCollector<long>(ct => Count(_pool, ct), Ct);
        await w.WaitUntilAsync(e => e.Count == 1);
        await outsider.WriteAsync(l => { l.Execute("INSERT INTO items(parent, content) VALUES (5, 'x')"); return ValueTask.CompletedTask; }, Ct);
        await Task.Delay(300, Ct);
        Assert.Single(w.Snapshot());
        await Insert(5, "own");
        var all = await w.WaitUntilAsync(e => e.Count == 2);
        Assert.Equal(2, all[^1]); // the refresh reads the current file, including the outside row
    }
}
