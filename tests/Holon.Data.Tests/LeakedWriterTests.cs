using System.Runtime.CompilerServices;

namespace Holon.Data.Tests;

/// <summary>
/// A writer lease dropped with its transaction open: after a collection the pool has found it, rolled its
/// transaction back, closed its connection and freed the writer, on the renting flow and on any other.
/// (The hundred-leak run that checks the process also exits normally is in the reliability suite.)
/// </summary>
public class LeakedWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AWriterLeakedOnTheRentingFlowIsRolledBackAndThatFlowRentsTheWriterAgain(bool trackLeaseOrigins)
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.TrackLeaseOrigins = trackLeaseOrigins;
        options.AcquireTimeout = TimeSpan.FromSeconds(2);
        await using var pool = new SqlitePool(options);
        var leaks = new List<LeaseLeakedEventArgs>();
        pool.LeaseLeaked += (_, e) => { lock (leaks) leaks.Add(e); };
        CreateTable(pool);
        long created = pool.Statistics.ConnectionsCreated;

        LeakAWriterWithAnOpenTransaction(pool, "same flow");
        CollectUntilLeaked(pool, 1);
        Assert.Equal(0, pool.Statistics.ConnectionsOpen); // the leaked writer's handle is closed, not kept

        await AssertWriterIsFreeAndNothingLeakedWasKept(pool);
        Assert.Equal(created + 2, pool.Statistics.ConnectionsCreated); // a new writer, and the reader that checked
        lock (leaks)
        {
            var leak = Assert.Single(leaks);
            Assert.True(leak.IsWriter);
            if (trackLeaseOrigins) Assert.Contains(nameof(LeakAWriterWithAnOpenTransaction), leak.RentSite);
        }
        // The flow no longer counts as the holder: a read here rents a reader instead of borrowing a writer.
        using var read = pool.RentForRead(Ct);
        Assert.False(read.IsBorrowed);
    }

    [Fact]
    public async Task AWriterLeakedOnAnotherFlowIsFoundAndTheWriterComesBack()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.AcquireTimeout = TimeSpan.FromSeconds(2);
        await using var pool = new SqlitePool(options);
        CreateTable(pool);

        await Task.Run(() => LeakAWriterWithAnOpenTransaction(pool, "other flow"), Ct);
        CollectUntilLeaked(pool, 1);

        await AssertWriterIsFreeAndNothingLeakedWasKept(pool);
    }

    [Fact]
    public async Task ALeakedWriterWithAChangeStreamListeningPublishesNothingOfItsRolledBackTransaction()
    {
        using var db = new TempDb();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        CreateTable(pool);
        await using var changes = pool.Changes.GetAsyncEnumerator(Ct);
        var first = changes.MoveNextAsync();

        LeakAWriterWithAnOpenTransaction(pool, "watched");
        CollectUntilLeaked(pool, 1);
        using (var w = pool.RentWriter(Ct)) w.Execute("INSERT INTO t(source) VALUES ('after')");

        Assert.True(await first);
        var set = changes.Current;
        Assert.Equal("t", Assert.Single(set.Tables));
        Assert.Single(set.Rows);
        await AssertWriterIsFreeAndNothingLeakedWasKept(pool);
    }

    private static void CreateTable(SqlitePool pool)
    {
        using var w = pool.RentWriter(Ct);
        w.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, source TEXT NOT NULL)");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeakAWriterWithAnOpenTransaction(SqlitePool pool, string source)
    {
        var lease = pool.RentWriter(Ct);
        lease.BeginTransaction();
        lease.Execute("INSERT INTO t(source) VALUES (?1)", "leaked " + source);
        // neither the transaction nor the lease is disposed
    }

    private static void CollectUntilLeaked(SqlitePool pool, long expected)
    {
        for (int i = 0; i < 10 && pool.Statistics.LeasesLeaked < expected; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.Equal(expected, pool.Statistics.LeasesLeaked);
        Assert.Equal(0, pool.Statistics.ConnectionsInUse);
    }

    private static async Task AssertWriterIsFreeAndNothingLeakedWasKept(SqlitePool pool)
    {
        // Free at once: the rent completes synchronously, and BEGIN IMMEDIATE finds no lock held by the dropped handle.
        var rent = pool.RentWriterAsync(Ct);
        Assert.True(rent.IsCompletedSuccessfully, "the leaked writer's capacity did not come back");
        await using (var w = await rent)
        {
            using var tx = w.BeginTransaction();
            w.Execute("INSERT INTO t(source) VALUES ('kept')");
            tx.Commit();
        }
        using var r = pool.RentReader(Ct);
        Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t WHERE source LIKE 'leaked %'"));
        Assert.Equal(1, r.Scalar<long>("SELECT count(*) FROM t WHERE source = 'kept'"));
    }
}
