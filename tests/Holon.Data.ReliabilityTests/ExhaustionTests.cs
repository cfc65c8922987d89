using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

/// <summary>Promise 1: an exhausted pool times out on time, says who holds it, and recovers at once.</summary>
public sealed class ExhaustionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task ThirdReaderTimesOutOnTimeAndNamesSideCapacityAndHolders()
    {
        using var db = new TempDatabase();
        var options = db.Options(maxReaders: 2);
        options.AcquireTimeout = TimeSpan.FromMilliseconds(200);
        options.TrackLeaseOrigins = true;
        await using var pool = new SqlitePool(options);

        var first = HoldFirstReader(pool);
        var second = HoldSecondReader(pool);
        try
        {
            long start = Stopwatch.GetTimestamp();
            var ex = await Assert.ThrowsAsync<PoolTimeoutException>(
                () => pool.RentReaderAsync(Ct).AsTask()).Within(TimeSpan.FromSeconds(5), "the third reader rent");
            double waitedMs = Figures.Ms(start, Stopwatch.GetTimestamp());
            Figures.RecordMs("reader timeout (AcquireTimeout=200 ms) observed after", waitedMs);

            // 1 ms of slack: the timer fires on a millisecond tick count, the stopwatch is finer.
            Assert.True(waitedMs >= 199, $"timed out too early: {waitedMs:0.0} ms");
            Assert.True(waitedMs < 1000, $"timed out too late: {waitedMs:0.0} ms");

            string message = ex.Message;
            Assert.Contains("reader", message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("2", message);
            Assert.Contains(nameof(HoldFirstReader), message);
            Assert.Contains(nameof(HoldSecondReader), message);
            Assert.Equal(1, pool.Statistics.Timeouts);

            // One lease back: the next rent is served synchronously, without waiting.
            first.Dispose();
            var rent = pool.RentReaderAsync(Ct);
            Assert.True(rent.IsCompletedSuccessfully, "a rent after a return had to wait");
            using (var third = await rent)
            {
                Assert.Equal(1, third.Scalar<long>("SELECT 1"));
            }
        }
        finally
        {
            first.Dispose();
            second.Dispose();
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task SynchronousRentTimesOutToo()
    {
        using var db = new TempDatabase();
        var options = db.Options(maxReaders: 1);
        options.AcquireTimeout = TimeSpan.FromMilliseconds(200);
        options.TrackLeaseOrigins = true;
        await using var pool = new SqlitePool(options);

        using var writer = await OtherFlow.RentWriter(pool, HoldTheWriter);
        long start = Stopwatch.GetTimestamp();
        var ex = await Assert.ThrowsAsync<PoolTimeoutException>(() => Task.Run(() => pool.RentWriter().Dispose(), Ct))
            .Within(TimeSpan.FromSeconds(5), "the synchronous writer rent");
        double waitedMs = Figures.Ms(start, Stopwatch.GetTimestamp());
        Figures.RecordMs("writer timeout (sync, AcquireTimeout=200 ms) observed after", waitedMs);
        Assert.True(waitedMs >= 199 && waitedMs < 1000, $"waited {waitedMs:0.0} ms");
        Assert.Contains("writer", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(nameof(HoldTheWriter), ex.Message);
    }

    [Fact(Timeout = 120_000)]
    public async Task EveryQueuedAsyncRentTimesOutNeverWaitsForever()
    {
        // Timers tick on a coarse clock and may fire a little before the stopwatch says the timeout elapsed; the
        // pool must still time out every such wait (it once left some waiting forever).
        int rounds = ReliabilityMode.Pick(40, 300);
        var waits = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            using var db = new TempDatabase();
            var options = db.Options();
            options.AcquireTimeout = TimeSpan.FromMilliseconds(50);
            // Synchronous dispose: after a failed watchdog a stuck waiter may own the writer, and DisposeAsync would wait for it.
            using var pool = new SqlitePool(options);
            var holder = await OtherFlow.RentWriterAsync(pool);
            try
            {
                long t0 = Stopwatch.GetTimestamp();
                await Assert.ThrowsAsync<PoolTimeoutException>(() => pool.RentWriterAsync(Ct).AsTask())
                    .Within(TimeSpan.FromSeconds(5), $"round {i}: a 50 ms writer timeout");
                waits.Add(Figures.Ms(t0, Stopwatch.GetTimestamp()));
            }
            finally
            {
                await holder.DisposeAsync();
            }
        }

        Figures.RecordLatencies("async writer rent with AcquireTimeout=50 ms -> PoolTimeoutException after", waits);
    }

    [Fact(Timeout = 60_000)]
    public async Task SixtyFourQueuedWritersAreServedInArrivalOrder()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options());
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE served(i INTEGER NOT NULL)"); return default; }, Ct);

        var order = new ConcurrentQueue<int>();
#pragma warning disable HOLON102 // released mid-test to let the queue in; if an assertion fails first, disposing the pool ends it
        var holder = await OtherFlow.RentWriterAsync(pool);
#pragma warning restore HOLON102
        var waiters = new Task[64];
        for (int i = 0; i < waiters.Length; i++)
        {
            // Each call reaches RentWriterAsync synchronously, so i is the arrival order.
            waiters[i] = Serve(i);
        }

        Assert.All(waiters, t => Assert.False(t.IsCompleted));
        Assert.True(pool.Statistics.LeaseWaits >= 64, $"LeaseWaits = {pool.Statistics.LeaseWaits}");
        await holder.DisposeAsync();
        await Task.WhenAll(waiters).Within(TimeSpan.FromSeconds(30), "64 queued writers");

        Assert.Equal(Enumerable.Range(0, 64), order);
        var stored = await pool.ReadAsync(l =>
        {
            var list = new List<long>();
            using var s = l.Statement("SELECT i FROM served ORDER BY rowid", Ct);
            while (s.Step()) list.Add(s.GetInt64(0));
            return ValueTask.FromResult(list);
        }, Ct);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (long)i), stored);

        async Task Serve(int i)
        {
            await using var lease = await pool.RentWriterAsync(Ct);
            order.Enqueue(i);
            lease.Execute("INSERT INTO served(i) VALUES (?1)", i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConnectionLease HoldFirstReader(SqlitePool pool) => pool.RentReader();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConnectionLease HoldSecondReader(SqlitePool pool) => pool.RentReader();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConnectionLease HoldTheWriter(SqlitePool pool) => pool.RentWriter();
}
