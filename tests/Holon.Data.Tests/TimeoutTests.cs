using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Holon.Data.Tests;

public class TimeoutTests
{
    [Fact]
    public async Task ReaderTimeoutMessageNamesSideCapacityWaitAndHolders()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 2);
        options.AcquireTimeout = TimeSpan.FromMilliseconds(200);
        options.TrackLeaseOrigins = true;
        await using var pool = new SqlitePool(options);
        using var a = RentHereA(pool);
        using var b = RentHereB(pool);

        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<PoolTimeoutException>(async () => await pool.RentReaderAsync(TestContext.Current.CancellationToken));
        sw.Stop();
        Assert.True(sw.ElapsedMilliseconds >= 190, $"timed out too early: {sw.ElapsedMilliseconds} ms");
        Assert.False(ex.IsWriter);
        Assert.Equal(2, ex.Capacity);
        Assert.True(ex.Waited >= TimeSpan.FromMilliseconds(190));
        Assert.Contains("reader", ex.Message);
        Assert.Contains("capacity 2", ex.Message);
        Assert.Matches(@"Timed out after \d+ ms", ex.Message);
        Assert.Contains(nameof(RentHereA), ex.Message);
        Assert.Contains(nameof(RentHereB), ex.Message);

        // Sync form too, and the statistics count both.
        var sync = Assert.Throws<PoolTimeoutException>(() => pool.RentReader(TestContext.Current.CancellationToken));
        Assert.Contains(nameof(RentHereA), sync.Message);
        Assert.Equal(2, pool.Statistics.Timeouts);

        // After one lease comes back, the next rent succeeds at once.
        a.Dispose();
        var next = pool.RentReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
    }

    [Fact]
    public async Task WriterTimeoutWithoutTrackingSaysHowToTurnItOn()
    {
        using var db = new TempDb();
        var options = db.Options();
        options.AcquireTimeout = TimeSpan.FromMilliseconds(100);
        await using var pool = new SqlitePool(options);
        using var release = new ManualResetEventSlim();
        var holder = Task.Factory.StartNew(() =>
        {
            using var w = pool.RentWriter(TestContext.Current.CancellationToken);
            release.Wait(TimeSpan.FromSeconds(30));
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (pool.Statistics.ConnectionsInUse == 0) await Task.Delay(5, TestContext.Current.CancellationToken);
            var ex = await Assert.ThrowsAsync<PoolTimeoutException>(async () => await pool.RentWriterAsync(TestContext.Current.CancellationToken));
            Assert.True(ex.IsWriter);
            Assert.Contains("writer capacity 1", ex.Message);
            Assert.Contains("TrackLeaseOrigins", ex.Message);
        }
        finally
        {
            release.Set();
            await holder;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConnectionLease RentHereA(SqlitePool pool) => pool.RentReader(TestContext.Current.CancellationToken);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConnectionLease RentHereB(SqlitePool pool) => pool.RentReader(TestContext.Current.CancellationToken);
}

public class TimeoutRegressionTests
{
    /// <summary>A timer that fires a little early must re-arm, not leave the waiter waiting forever.</summary>
    [Fact]
    public async Task EveryAsyncWaiterTimesOutEvenWhenTimersFireEarly()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        var options = db.Options(maxReaders: 1);
        options.AcquireTimeout = TimeSpan.FromMilliseconds(7);
        await using var pool = new SqlitePool(options);
        var holder = pool.RentReader(TestContext.Current.CancellationToken);
        try
        {
            for (int i = 0; i < 200; i++)
            {
                var rent = pool.RentReaderAsync(ct).AsTask();
                await Assert.ThrowsAsync<PoolTimeoutException>(() => rent.WaitAsync(TimeSpan.FromSeconds(10), ct));
            }

            Assert.Equal(200, pool.Statistics.Timeouts);
        }
        finally
        {
            holder.Dispose();
        }
    }
}
