using System.Diagnostics;

namespace Holon.Data.Tests;

public class CancellationTests
{
    private static readonly StatementDefinition Slow = new(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        StatementKind.Query, [], ["Count"], "Tests.Cancellation.Slow");

    [Fact]
    public void SynchronousRentsHonourTheirTokenWhileWaiting()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.DetectWriterReentrancy = false; // this thread holds the writer and then waits for it, on purpose
        // Far beyond any scheduling delay on a loaded machine, so "returned well before the timeout" means the token ended the wait.
        options.AcquireTimeout = TimeSpan.FromMinutes(10);
        using var pool = new SqlitePool(options);
        var reader = pool.RentReader(TestContext.Current.CancellationToken);
        var writer = pool.RentWriter(TestContext.Current.CancellationToken);
        var started = Stopwatch.StartNew();
        // Both waits would otherwise last until the 10 min AcquireTimeout.
        Assert.ThrowsAny<OperationCanceledException>(() => pool.RentReader(new CancellationTokenSource(TimeSpan.FromMilliseconds(50)).Token));
        Assert.ThrowsAny<OperationCanceledException>(() => pool.RentWriter(new CancellationTokenSource(TimeSpan.FromMilliseconds(50)).Token));
        Assert.True(started.Elapsed < TimeSpan.FromMinutes(2), $"the waits took {started.Elapsed}");
        Assert.Throws<OperationCanceledException>(() => pool.RentReader(new CancellationToken(canceled: true)));

        reader.Dispose();
        writer.Dispose();
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using var w = pool.RentWriter(TestContext.Current.CancellationToken);
        Assert.Equal(0, pool.Statistics.Timeouts);
        Assert.Equal(2, pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public async Task CancellingALongQueryInterruptsItAndTheConnectionStaysUsable()
    {
        using var db = new TempDb();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (x)");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var lease = pool.RentReader(TestContext.Current.CancellationToken);
        using (var tx = lease.BeginTransaction())
        {
            using var s = lease.Statement(Slow, cts.Token);
            cts.CancelAfter(100);
            var sw = Stopwatch.StartNew();
            var ex = Assert.ThrowsAny<OperationCanceledException>(() => s.Step());
            sw.Stop();
            Assert.Equal(cts.Token, ex.CancellationToken);
            // The query never ends by itself, so returning at all is the interrupt; the bound only guards against a
            // hang and is wide enough for a timer delayed by a loaded machine.
            Assert.True(sw.ElapsedMilliseconds < 60_000, $"interrupt took {sw.ElapsedMilliseconds} ms");
            Assert.False(s.IsBusyForTests);
        }

        // The same connection runs the next statement normally, with no stale interrupt.
        Assert.Equal(0, lease.Scalar<long>("SELECT count(*) FROM t"));
        using var again = lease.Statement(Slow, TestContext.Current.CancellationToken);
        Assert.Equal(0, pool.Statistics.ConnectionsBroken);
    }

    [Fact]
    public void AlreadyCancelledTokenThrowsBeforeRunning()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var lease = pool.RentReader(TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => lease.Statement(Slow, cts.Token));
        using var s = lease.Statement("SELECT 1", TestContext.Current.CancellationToken);
        Assert.True(s.Step()); // nothing left in use
    }

    [Fact]
    public async Task CancellingAWaitFailsPromptlyAndConsumesNoLease()
    {
        using var db = new TempDb();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var holder = pool.RentReader(TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var pending = pool.RentReaderAsync(cts.Token);
        Assert.False(pending.IsCompleted);
        cts.Cancel();
        // Promptly, measured without a clock: the wait is failed inside Cancel() itself, not later by a timer or a thread.
        Assert.True(pending.IsCompleted, "the cancelled wait did not complete inside Cancel()");
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
        Assert.Equal(cts.Token, ex.CancellationToken);

        holder.Dispose();
        var next = pool.RentReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(next.IsCompletedSuccessfully, "no permit was lost to the cancelled waiter");
        (await next).Dispose();
        Assert.Equal(0, pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public async Task ManyWaitersCancelledAndTimedOutLoseNoCapacity()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 2);
        options.AcquireTimeout = TimeSpan.FromMilliseconds(30);
        await using var pool = new SqlitePool(options);
        var a = pool.RentReader(TestContext.Current.CancellationToken);
        var b = pool.RentReader(TestContext.Current.CancellationToken);
        var tasks = new List<Task>();
        for (int i = 0; i < 40; i++)
        {
            var cts = new CancellationTokenSource(i % 2 == 0 ? 10 : 1000);
            tasks.Add(Task.Run(async () =>
            {
                try { using var l = await pool.RentReaderAsync(cts.Token); }
                catch (OperationCanceledException) { }
                catch (PoolTimeoutException) { }
                finally { cts.Dispose(); }
            }, TestContext.Current.CancellationToken));
        }

        await Task.WhenAll(tasks);
        a.Dispose();
        b.Dispose();
        using var c = pool.RentReader(TestContext.Current.CancellationToken);
        using var d = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(2, pool.Statistics.ConnectionsInUse);
    }
}
