using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

// These tests hold and return leases at chosen moments (to make waits, leaks and faults happen), so
// some leases are disposed explicitly rather than by a using declaration.
#pragma warning disable HOLON102

/// <summary>Promise 5: a returned lease leaves no trace: no open transaction, no changed PRAGMA, no read lock.</summary>
public sealed class ResetOnReturnTests
{
    private static readonly StatementDefinition s_countRows = new(
        "SELECT count(*) FROM items", StatementKind.Query, [], ["Count"], "Holon.Data.ReliabilityTests.ResetOnReturnTests.CountRows");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task UncommittedWriteIsRolledBackAndTheNextWriterBeginsAtOnce()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); return default; }, Ct);

        var lease = await pool.RentWriterAsync(Ct);
        var tx = lease.BeginTransaction();
        lease.Execute("INSERT INTO items(v) VALUES ('ghost')");
        using (var s = lease.Statement(s_countRows, Ct))
        {
            Assert.True(s.Step());
            Assert.Equal(1, s.GetInt64(0));
        }

        GC.KeepAlive(tx); // neither committed nor disposed: the lease goes back with the transaction open
        await lease.DisposeAsync();

        long t0 = Stopwatch.GetTimestamp();
        var rent = pool.RentWriterAsync(Ct);
        Assert.True(rent.IsCompletedSuccessfully, "the writer was not free after its lease returned");
        await using var next = await rent;
        using (var tx2 = next.BeginTransaction())
        {
            // BEGIN IMMEDIATE inside a leftover transaction would throw here.
            next.Execute("INSERT INTO items(v) VALUES ('real')");
            tx2.Commit();
        }

        Figures.RecordMs("next writer rent + BEGIN IMMEDIATE + insert + commit after an abandoned transaction", Figures.Ms(t0, Stopwatch.GetTimestamp()));
        Assert.Equal(0, next.Scalar<long>("SELECT count(*) FROM items WHERE v = 'ghost'"));
        Assert.Equal(1, next.Scalar<long>("SELECT count(*) FROM items"));
        long fromReader = await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM items WHERE v = 'ghost'")), Ct);
        Assert.Equal(0, fromReader);
    }

    [Fact(Timeout = 30_000)]
    public async Task PragmasChangedThroughALeaseAreBackToTheBaseline()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));

        long writerFk, writerQueryOnly, readerFk, readerQueryOnly;
        await using (var w = await pool.RentWriterAsync(Ct))
        {
            writerFk = w.Scalar<long>("PRAGMA foreign_keys");
            writerQueryOnly = w.Scalar<long>("PRAGMA query_only");
            w.Execute("PRAGMA foreign_keys = OFF");
            w.Execute("PRAGMA query_only = 1");
            Assert.Equal(0, w.Scalar<long>("PRAGMA foreign_keys"));
            Assert.Equal(1, w.Scalar<long>("PRAGMA query_only"));
        }

        await using (var r = await pool.RentReaderAsync(Ct))
        {
            readerFk = r.Scalar<long>("PRAGMA foreign_keys");
            readerQueryOnly = r.Scalar<long>("PRAGMA query_only");
            r.Execute("PRAGMA foreign_keys = OFF");
            r.Execute("PRAGMA query_only = 0");
            Assert.Equal(0, r.Scalar<long>("PRAGMA query_only"));
        }

        // The documented baseline: foreign keys on everywhere, readers query-only.
        Assert.Equal(1, writerFk);
        Assert.Equal(0, writerQueryOnly);
        Assert.Equal(1, readerFk);
        Assert.Equal(1, readerQueryOnly);

        long created = pool.Statistics.ConnectionsCreated;
        await using (var w = await pool.RentWriterAsync(Ct))
        {
            Assert.Equal(writerFk, w.Scalar<long>("PRAGMA foreign_keys"));
            Assert.Equal(writerQueryOnly, w.Scalar<long>("PRAGMA query_only"));
            w.Execute("CREATE TABLE t(x)");
        }

        await using (var r = await pool.RentReaderAsync(Ct))
        {
            Assert.Equal(readerFk, r.Scalar<long>("PRAGMA foreign_keys"));
            Assert.Equal(readerQueryOnly, r.Scalar<long>("PRAGMA query_only"));
            Assert.ThrowsAny<Exception>(() => r.Execute("INSERT INTO t(x) VALUES (1)"));
        }

        // Reset, not replacement: the same physical connections came back.
        Assert.True(created == pool.Statistics.ConnectionsCreated, $"connections were replaced, not reset: {pool.Statistics}");
    }

    [Fact(Timeout = 30_000)]
    public async Task StatementsStayCachedAcrossReturns()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); return default; }, Ct);

        async Task ReturnMidTransactionAndMidStatement()
        {
            await using var w = await pool.RentWriterAsync(Ct);
            var tx = w.BeginTransaction();
            w.Execute("INSERT INTO items(v) VALUES ('x')");
            var s = w.Statement(s_countRows, Ct);
            Assert.True(s.Step());
            Assert.Equal(1, s.GetInt64(0));
            GC.KeepAlive(tx); // neither the transaction nor the statement is disposed
        }

        await ReturnMidTransactionAndMidStatement(); // first use prepares everything this body needs
        var before = pool.Statistics;
        for (int i = 0; i < 50; i++) await ReturnMidTransactionAndMidStatement();
        var after = pool.Statistics;
        Assert.Equal(before.StatementsPrepared, after.StatementsPrepared);
        Assert.True(after.StatementCacheHits >= before.StatementCacheHits + 50, $"hits {before.StatementCacheHits} -> {after.StatementCacheHits}");
        Assert.Equal(before.ConnectionsCreated, after.ConnectionsCreated);
    }

    [Fact(Timeout = 30_000)]
    public async Task AReaderReturnedMidStatementHoldsNoReadLock()
    {
        using var db = new TempDatabase();
        var options = db.Options(maxReaders: 1);
        options.BusyTimeout = TimeSpan.FromSeconds(2);
        await using var pool = new SqlitePool(options);
        await pool.WriteAsync(l =>
        {
            l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            for (int i = 0; i < 50; i++) l.Execute("INSERT INTO items(v) VALUES ('row')");
            return default;
        }, Ct);

        await using (var r = await pool.RentReaderAsync(Ct))
        {
            var s = r.Statement("SELECT v FROM items", Ct);
            Assert.True(s.Step()); // a row is ready and more remain; the statement is never disposed
        }

        // A WAL checkpoint in TRUNCATE mode reports busy (first column 1) while any reader still holds a snapshot.
        await pool.WriteAsync(l => { l.Execute("INSERT INTO items(v) VALUES ('after')"); return default; }, Ct);
        await using var w = await pool.RentWriterAsync(Ct);
        long busy = w.Scalar<long>("PRAGMA wal_checkpoint(TRUNCATE)");
        Assert.Equal(0, busy);
    }
}
