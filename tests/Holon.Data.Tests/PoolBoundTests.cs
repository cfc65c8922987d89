using System.Collections.Concurrent;

namespace Holon.Data.Tests;

public class PoolBoundTests
{
    [Fact]
    public async Task BoundHoldsUnder64ConcurrentRenters()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options(maxReaders: 4));
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");

        int readersNow = 0, writersNow = 0, maxReaders = 0, maxWriters = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await start.Task;
            for (int round = 0; round < 10; round++)
            {
                bool write = (i + round) % 5 == 0;
                bool sync = i % 2 == 0;
                var lease = write
                    ? (sync ? pool.RentWriter(TestContext.Current.CancellationToken) : await pool.RentWriterAsync(ct))
                    : (sync ? pool.RentReader(TestContext.Current.CancellationToken) : await pool.RentReaderAsync(ct));
                using (lease)
                {
                    if (write)
                    {
                        int now = Interlocked.Increment(ref writersNow);
                        InterlockedMax(ref maxWriters, now);
                        lease.Execute("INSERT INTO t (v) VALUES (?1)", i);
                        await Task.Delay(1, ct);
                        Interlocked.Decrement(ref writersNow);
                    }
                    else
                    {
                        int now = Interlocked.Increment(ref readersNow);
                        InterlockedMax(ref maxReaders, now);
                        Assert.True(lease.Scalar<long>("SELECT count(*) FROM t") >= 0);
                        await Task.Delay(1, ct);
                        Interlocked.Decrement(ref readersNow);
                    }
                }
            }
        }, ct)).ToArray();
        start.SetResult();
        await Task.WhenAll(tasks);

        var stats = pool.Statistics;
        Assert.Equal(1, maxWriters);
        Assert.InRange(maxReaders, 1, 4);
        Assert.InRange(stats.ConnectionsCreated, 1, 5);
        Assert.InRange(stats.ConnectionsOpen, 1, 5);
        Assert.Equal(0, stats.ConnectionsInUse);
        Assert.Equal(640 + 1, stats.LeasesGranted);
        Assert.True(stats.LeaseWaits > 0, "64 renters on 5 connections must have waited");
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(128, r.Scalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task WritersAreServedInArrivalOrder()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options());
        var order = new ConcurrentQueue<int>();
        // Rented on another flow: tasks started from a flow that holds the writer inherit its reentrancy marker.
        var holder = await Task.Run(() => pool.RentWriter(TestContext.Current.CancellationToken), ct);
        var waiters = new List<Task>();
        for (int i = 0; i < 64; i++)
        {
            int n = i;
            // Start each waiter only once the previous one is queued, so arrival order is known.
            var queuedBefore = pool.Statistics.LeaseWaits;
            waiters.Add(Task.Run(async () =>
            {
                await using var w = await pool.RentWriterAsync(ct);
                order.Enqueue(n);
            }, ct));
            while (pool.Statistics.LeaseWaits == queuedBefore) await Task.Delay(1, ct);
        }

        holder.Dispose();
        await Task.WhenAll(waiters);
        Assert.Equal(Enumerable.Range(0, 64), order);
    }

    [Fact]
    public async Task SyncAndAsyncWaitersShareOneFifoQueue()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var order = new ConcurrentQueue<int>();
        var holder = pool.RentReader(TestContext.Current.CancellationToken);
        var waiters = new List<Task>();
        for (int i = 0; i < 8; i++)
        {
            int n = i;
            var before = pool.Statistics.LeaseWaits;
            waiters.Add(n % 2 == 0
                ? Task.Factory.StartNew(() => { using var r = pool.RentReader(TestContext.Current.CancellationToken); order.Enqueue(n); }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : Task.Run(async () => { using var r = await pool.RentReaderAsync(ct); order.Enqueue(n); }, ct));
            while (pool.Statistics.LeaseWaits == before) await Task.Delay(1, ct);
        }

        holder.Dispose();
        await Task.WhenAll(waiters);
        Assert.Equal(Enumerable.Range(0, 8), order);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}

internal static class LeaseTestExtensions
{
    /// <summary>Runs SQL and returns the lease to the pool (for one-line setup).</summary>
    public static void Execute_(this ConnectionLease lease, string sql)
    {
        using (lease) lease.Execute(sql);
    }
}
