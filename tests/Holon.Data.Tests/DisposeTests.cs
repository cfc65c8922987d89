using System.Diagnostics;

namespace Holon.Data.Tests;

public class DisposeTests
{
    [Fact]
    public async Task DisposeWithLeasesOutFailsWaitersLetsLeasesFinishThenReleasesTheFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = new TempDb();
        var options = db.Options(maxReaders: 2);
        // Far beyond any scheduling delay on a loaded machine: waiters that end early were ended by Dispose.
        options.AcquireTimeout = TimeSpan.FromMinutes(10);
        var pool = new SqlitePool(options);
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var w = await Task.Run(() => pool.RentWriter(TestContext.Current.CancellationToken), ct);
        var r1 = pool.RentReader(TestContext.Current.CancellationToken);
        var r2 = pool.RentReader(TestContext.Current.CancellationToken);
        var waiters = new List<Task>
        {
            Task.Run(async () => { using var x = await pool.RentReaderAsync(ct); }, ct),
            Task.Run(async () => { using var x = await pool.RentReaderAsync(ct); }, ct),
            Task.Run(() => { using var x = pool.RentReader(TestContext.Current.CancellationToken); }, ct),
            Task.Run(async () => { using var x = await pool.RentWriterAsync(ct); }, ct),
            Task.Run(() => { using var x = pool.RentWriter(TestContext.Current.CancellationToken); }, ct),
        };
        while (pool.Statistics.LeaseWaits < 5) await Task.Delay(5, ct);

        var sw = Stopwatch.StartNew();
        var disposing = pool.DisposeAsync().AsTask();
        foreach (var t in waiters) await Assert.ThrowsAsync<ObjectDisposedException>(() => t);
        Assert.True(sw.Elapsed < TimeSpan.FromMinutes(2), $"waiters failed after {sw.ElapsedMilliseconds} ms");
        Assert.Throws<ObjectDisposedException>(() => pool.RentReader(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pool.RentWriterAsync(ct));

        // Outstanding leases keep working.
        w.Execute("INSERT INTO t VALUES (1)");
        Assert.Equal(1, r1.Scalar<long>("SELECT count(*) FROM t"));
        Assert.False(disposing.IsCompleted);
        w.Dispose();
        r1.Dispose();
        Assert.False(disposing.IsCompleted);
        r2.Dispose();
        await disposing.WaitAsync(TimeSpan.FromSeconds(60), ct); // a hang guard: a loaded machine delays the continuation
        Assert.Equal(0, pool.Statistics.ConnectionsOpen);
        Assert.True(db.OpenHandles() <= 0, $"{db.OpenHandles()} handles still open on the database");

        File.Delete(db.DbPath);
        File.Delete(db.DbPath + "-wal");
        File.Delete(db.DbPath + "-shm");
        Assert.False(File.Exists(db.DbPath));
        db.Dispose();
        Assert.False(Directory.Exists(db.Folder));
    }

    [Fact]
    public void DisposeTwiceIsFineAndIdleConnectionsCloseAtOnce()
    {
        using var db = new TempDb();
        var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        pool.RentReader(TestContext.Current.CancellationToken).Dispose();
        Assert.Equal(2, pool.Statistics.ConnectionsOpen);
        Assert.True(db.OpenHandles() is -1 or > 0, "the probe sees open handles");
        pool.Dispose();
        Assert.True(db.OpenHandles() <= 0, $"{db.OpenHandles()} handles still open on the database");
        pool.Dispose();
        Assert.Equal(0, pool.Statistics.ConnectionsOpen);
        File.Delete(db.DbPath);
        Assert.False(File.Exists(db.DbPath));
    }
}
