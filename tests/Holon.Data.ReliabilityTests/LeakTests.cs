using System.Diagnostics;
using System.Runtime.CompilerServices;
using Holon.Data.ReliabilityTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Holon.Data.ReliabilityTests;

// These tests hold and return leases at chosen moments (to make waits, leaks and faults happen), so
// some leases are disposed explicitly rather than by a using declaration.
#pragma warning disable HOLON102

/// <summary>Promise 6: a dropped lease is found and its capacity comes back; a returned lease cannot be used.</summary>
public sealed class LeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task ADroppedLeaseIsDetectedAndItsCapacityComesBack()
    {
        using var db = new TempDatabase();
        var logs = new CapturingLoggerFactory();
        var options = db.Options(maxReaders: 1);
        options.TrackLeaseOrigins = true;
        options.LoggerFactory = logs;
        options.AcquireTimeout = TimeSpan.FromMilliseconds(100);
        await using var pool = new SqlitePool(options);
        var events = new System.Collections.Concurrent.ConcurrentQueue<LeaseLeakedEventArgs>();
        pool.LeaseLeaked += (_, e) => events.Enqueue(e);

        LeakAReader(pool);
        Assert.Equal(1, pool.Statistics.ConnectionsInUse);

        // The only reader is gone with the dropped lease until the collector finds it.
        long t0 = Stopwatch.GetTimestamp();
        bool recovered = false;
        for (int attempt = 0; attempt < 50 && !recovered; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            try
            {
                await using var lease = await pool.RentReaderAsync(Ct);
                Assert.Equal(1, lease.Scalar<long>("SELECT 1"));
                recovered = true;
            }
            catch (PoolTimeoutException)
            {
            }
        }

        Figures.RecordMs("leaked reader lease back in the pool after GC, within", Figures.Ms(t0, Stopwatch.GetTimestamp()));
        Assert.True(recovered, "the leaked reader never came back");
        Assert.Equal(1, pool.Statistics.LeasesLeaked);
        Assert.Equal(0, pool.Statistics.ConnectionsInUse);
        Assert.True(pool.Statistics.ConnectionsOpen <= 2, $"ConnectionsOpen = {pool.Statistics.ConnectionsOpen}");

        var leakEvent = Assert.Single(events);
        Assert.False(leakEvent.IsWriter);
        Assert.Contains(nameof(LeakAReader), leakEvent.RentSite ?? "<no rent site>");

        var leak = logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Message.Contains(nameof(LeakAReader), StringComparison.Ordinal)).ToList();
        Assert.True(leak.Count == 1, "no single warning naming the rent site; logs:\n" + string.Join("\n", logs.Entries.Select(e => $"{e.Level}: {e.Message}")));
    }

    [Fact(Timeout = 30_000)]
    public async Task UsingAReturnedLeaseThrowsAndDisposingItAgainChangesNothing()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var definition = new StatementDefinition("SELECT 1", StatementKind.Query, [], ["One"], "Holon.Data.ReliabilityTests.LeakTests.One");

        var lease = await pool.RentWriterAsync(Ct);
        var copy = lease; // a struct copy shares the rent
        lease.Execute("CREATE TABLE t(x)");
        await lease.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => copy.Execute("INSERT INTO t(x) VALUES (1)"));
        Assert.Throws<ObjectDisposedException>(() => copy.Scalar<long>("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => copy.Connection);
        Assert.Throws<ObjectDisposedException>(() => copy.Statement(definition, Ct));
        Assert.Throws<ObjectDisposedException>(() => copy.Statement("SELECT 1", Ct));
        Assert.Throws<ObjectDisposedException>(() => copy.BeginTransaction());

        // The same physical writer, rented again by someone else: the old copy still must not reach it.
        await using var other = await OtherFlow.RentWriterAsync(pool);
        Assert.Throws<ObjectDisposedException>(() => copy.Execute("INSERT INTO t(x) VALUES (2)"));

        // Disposing the stale copy must not return the connection that "other" now holds.
        copy.Dispose();
        await copy.DisposeAsync();
        var third = pool.RentWriterAsync(Ct);
        Assert.False(third.IsCompleted, "a stale dispose returned someone else's writer");
        other.Execute("INSERT INTO t(x) VALUES (3)");
        Assert.Equal(1, other.Scalar<long>("SELECT count(*) FROM t"));
        await other.DisposeAsync();
        await using (var t = await third.Within(TimeSpan.FromSeconds(5), "the queued writer"))
        {
            Assert.Equal(1, t.Scalar<long>("SELECT count(*) FROM t"));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task AStatementKeptFromAReturnedLeaseCannotBeStepped()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var definition = new StatementDefinition("SELECT 1", StatementKind.Query, [], ["One"], "Holon.Data.ReliabilityTests.LeakTests.Kept");

        var r = await pool.RentReaderAsync(Ct);
        var s = r.Statement(definition, Ct);
        await r.DisposeAsync();

        // Stepping it would run on a connection that another lease may hold by now.
        Assert.Throws<ObjectDisposedException>(() => s.Step());
        await using var again = await pool.RentReaderAsync(Ct);
        Assert.Equal(1, again.Scalar<long>("SELECT 1"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeakAReader(SqlitePool pool)
    {
        var lease = pool.RentReader();
        lease.Scalar<long>("SELECT 1");
        // dropped without Dispose
    }
}
