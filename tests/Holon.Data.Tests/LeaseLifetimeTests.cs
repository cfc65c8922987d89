using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

public class LeaseLifetimeTests
{
    private static readonly StatementDefinition One = new("SELECT 1", StatementKind.Query, [], [], "Tests.Lifetime.One");

    [Fact]
    public void UseAfterReturnThrowsAndDoubleDisposeIsANoOp()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var lease = pool.RentReader(TestContext.Current.CancellationToken);
        var copy = lease;
        Assert.True(lease.IsActive);
        lease.Dispose();
        lease.Dispose();
        copy.Dispose();
        Assert.False(copy.IsActive);
        Assert.Throws<ObjectDisposedException>(() => copy.Statement(One, TestContext.Current.CancellationToken));
        Assert.Throws<ObjectDisposedException>(() => copy.Statement("SELECT 2", TestContext.Current.CancellationToken));
        Assert.Throws<ObjectDisposedException>(() => copy.Connection);
        Assert.Throws<ObjectDisposedException>(() => copy.IsWriter);
        Assert.Throws<ObjectDisposedException>(() => copy.Execute("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => copy.BeginTransaction());
        Assert.Throws<ObjectDisposedException>(() => default(ConnectionLease).Statement(One, TestContext.Current.CancellationToken));

        // The stale copy must not return the connection a second time while someone else holds it.
        using var next = pool.RentReader(TestContext.Current.CancellationToken);
        copy.Dispose();
        Assert.True(next.IsActive);
        Assert.Equal(1, pool.Statistics.ConnectionsInUse);
        Assert.Equal(1, next.Scalar<long>("SELECT 1"));
    }

    [Fact]
    public void BrokenConnectionIsReplaced()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t"));
            r.Connection.Close(); // the handle closes underneath the lease
        }

        Assert.Equal(1, pool.Statistics.ConnectionsBroken);
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t"));
            Assert.Equal(System.Data.ConnectionState.Open, r.Connection.State);
        }

        var stats = pool.Statistics;
        Assert.Equal(3, stats.ConnectionsCreated); // writer, broken reader, its replacement
        Assert.Equal(2, stats.ConnectionsOpen);
    }

    [Fact]
    public void HandleClosedThroughSqlitePclIsAlsoDetected()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            r.Connection.Handle!.Dispose();
        }

        using (var r = pool.RentReader(TestContext.Current.CancellationToken)) Assert.Equal(1, r.Scalar<long>("SELECT 1"));
        Assert.Equal(1, pool.Statistics.ConnectionsBroken);
        Assert.InRange(pool.Statistics.ConnectionsOpen, 1, 2);
    }

    [Fact]
    public async Task LeakedLeaseIsFinalizedCapacityReturnsAndLeakIsReported()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.TrackLeaseOrigins = true;
        options.AcquireTimeout = TimeSpan.FromSeconds(5);
        await using var pool = new SqlitePool(options);
        var leaks = new List<LeaseLeakedEventArgs>();
        pool.LeaseLeaked += (_, e) => { lock (leaks) leaks.Add(e); };

        LeakAReader(pool);
        for (int i = 0; i < 10 && pool.Statistics.LeasesLeaked == 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(1, pool.Statistics.LeasesLeaked);
        lock (leaks)
        {
            var leak = Assert.Single(leaks);
            Assert.False(leak.IsWriter);
            Assert.Contains(nameof(LeakAReader), leak.RentSite);
        }

        var next = pool.RentReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(next.IsCompletedSuccessfully, "the leaked capacity came back");
        using var lease = await next;
        Assert.Equal(1, lease.Scalar<long>("SELECT 1"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeakAReader(SqlitePool pool)
    {
        var lease = pool.RentReader(TestContext.Current.CancellationToken);
        using var s = lease.Statement(One, TestContext.Current.CancellationToken);
        Assert.True(s.Step());
        // not disposed
    }
}
