using Holon.Data.ReliabilityTests.Infrastructure;
using SQLitePCL;

namespace Holon.Data.ReliabilityTests;

// These tests hold and return leases at chosen moments (to make waits, leaks and faults happen), so
// some leases are disposed explicitly rather than by a using declaration.
#pragma warning disable HOLON102

/// <summary>Promise 7: a connection whose handle was closed underneath is discarded on return and replaced.</summary>
public sealed class BrokenConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, bool> Breakages => new()
    {
        { "SqliteConnection.Close", true },
        { "SqliteConnection.Close", false },
        { "sqlite3_close_v2", true },
        { "sqlite3_close_v2", false },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Breakages))]
    public async Task ABrokenConnectionIsDiscardedAndReplacedWithinTheBound(string how, bool writer)
    {
        const int MaxReaders = 2;
        int rounds = ReliabilityMode.Pick(10, 50);
        using var db = new TempDatabase();
        int physical = 0;
        var options = db.Options(MaxReaders);
        options.OnConnectionCreated = _ => Interlocked.Increment(ref physical);
        await using var pool = new SqlitePool(options);
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); return default; }, Ct);

        for (int round = 0; round < rounds; round++)
        {
            var lease = writer ? await pool.RentWriterAsync(Ct) : await pool.RentReaderAsync(Ct);
            lease.Scalar<long>("SELECT count(*) FROM items"); // the statement cache holds something
            if (how == "sqlite3_close_v2")
            {
                Assert.Equal(raw.SQLITE_OK, raw.sqlite3_close_v2(lease.Connection.Handle!));
            }
            else
            {
                lease.Connection.Close();
            }

            await lease.DisposeAsync(); // must not throw: the pool discards the connection
            var stats = pool.Statistics;
            Assert.True(stats.ConnectionsOpen <= 1 + MaxReaders, $"round {round}: {stats.ConnectionsOpen} open");

            // The next rent on that side is healthy.
            if (writer)
            {
                await pool.WriteAsync(l => { l.Execute("INSERT INTO items(v) VALUES (?1)", $"round {round}"); return default; }, Ct);
            }

            // Use every reader at once, so a broken one cannot hide in the idle set.
            var readers = new List<ConnectionLease>();
            try
            {
                for (int i = 0; i < MaxReaders; i++) readers.Add(await pool.RentReaderAsync(Ct));
                foreach (var r in readers) Assert.Equal(writer ? round + 1 : 0, r.Scalar<long>("SELECT count(*) FROM items"));
            }
            finally
            {
                foreach (var r in readers) await r.DisposeAsync();
            }

            Assert.True(pool.Statistics.ConnectionsOpen <= 1 + MaxReaders, $"round {round}: {pool.Statistics.ConnectionsOpen} open");
        }

        var final = pool.Statistics;
        Figures.Record($"broken connections ({how}, {(writer ? "writer" : "reader")})", $"{rounds} broken, {final.ConnectionsBroken} replaced, {physical} physical connections created, {final.ConnectionsOpen} open at the end");
        Assert.Equal(rounds, final.ConnectionsBroken);
        Assert.True(final.ConnectionsOpen <= 1 + MaxReaders);

        // Every broken one replaced once: the initial 1 + MaxReaders plus one per round, never more.
        Assert.True(physical <= 1 + MaxReaders + rounds, $"{physical} physical connections for {rounds} breakages");
        Assert.Equal(final.ConnectionsCreated, physical);
    }
}
