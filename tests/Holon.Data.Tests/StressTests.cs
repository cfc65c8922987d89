using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

public class StressTests
{
    private static readonly StatementDefinition Transfer = new(
        "UPDATE accounts SET balance = balance + @delta WHERE id = @id", StatementKind.Command, ["@delta", "@id"], [], "Tests.Stress.Transfer");

    private static readonly StatementDefinition Sum = new(
        "SELECT sum(balance), count(*) FROM accounts", StatementKind.Query, [], ["Sum", "Count"], "Tests.Stress.Sum");

    private static readonly StatementDefinition Log = new(
        "INSERT INTO log (n) VALUES (@n)", StatementKind.Command, ["@n"], [], "Tests.Stress.Log");

    [Fact]
    public async Task MixedLoadNeverSurfacesBusyKeepsInvariantAndBound()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options(maxReaders: 4));
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            w.Execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            w.Execute("CREATE TABLE log (n INTEGER NOT NULL)");
            for (int i = 0; i < 10; i++) w.Execute("INSERT INTO accounts VALUES (?1, 0)", i);
        }

        long acknowledged = 0, reads = 0;
        var errors = new List<Exception>();
        var until = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 64).Select(t => Task.Run(async () =>
        {
            var rnd = new Random(t);
            while (until.ElapsedMilliseconds < 1500)
            {
                try
                {
                    if (rnd.Next(5) == 0)
                    {
                        int from = rnd.Next(10), to = rnd.Next(10), amount = rnd.Next(100);
                        await pool.WriteAsync(lease =>
                        {
                            using (var s = lease.Statement(Transfer, ct)) { s.BindInt64(0, -amount); s.BindInt64(1, from); s.Step(); }
                            using (var s = lease.Statement(Transfer, ct)) { s.BindInt64(0, amount); s.BindInt64(1, to); s.Step(); }
                            using (var s = lease.Statement(Log, ct)) { s.BindInt64(0, t); s.Step(); }
                            return ValueTask.CompletedTask;
                        }, ct);
                        Interlocked.Increment(ref acknowledged);
                    }
                    else
                    {
                        await using var lease = await pool.RentReaderAsync(ct);
                        using var s = lease.Statement(Sum, ct);
                        Assert.True(s.Step());
                        Assert.Equal(0, s.GetInt64(0));
                        Assert.Equal(10, s.GetInt64(1));
                        Interlocked.Increment(ref reads);
                    }
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e);
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(tasks);

        Assert.Empty(errors);
        Assert.True(acknowledged > 0 && reads > 0);
        var stats = pool.Statistics;
        Assert.InRange(stats.ConnectionsCreated, 1, 5);
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(acknowledged, r.Scalar<long>("SELECT count(*) FROM log"));
        Assert.Equal("ok", r.Scalar<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task TenPoolsOpenAFreshFileAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        for (int round = 0; round < 5; round++)
        {
            using var db = new TempDb();
            var pools = Enumerable.Range(0, 10).Select(_ => new SqlitePool(db.Options(maxReaders: 1))).ToArray();
            try
            {
                await Task.WhenAll(pools.Select((p, i) => Task.Run(async () =>
                {
                    await p.WriteAsync(lease =>
                    {
                        lease.Execute("CREATE TABLE IF NOT EXISTS t (x)");
                        lease.Execute("INSERT INTO t VALUES (?1)", i);
                        return ValueTask.CompletedTask;
                    }, ct);
                    using var r = await p.RentReaderAsync(ct);
                    Assert.Equal("wal", r.Scalar<string>("PRAGMA journal_mode"));
                }, ct)));
                using var check = pools[0].RentReader(TestContext.Current.CancellationToken);
                Assert.Equal(10, check.Scalar<long>("SELECT count(*) FROM t"));
            }
            finally
            {
                foreach (var p in pools) await p.DisposeAsync();
            }
        }
    }

    [Fact]
    public void CancelledWriteRollsBackItsTransactionAndTheWriterStaysUsable()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (x)");
        using var cts = new CancellationTokenSource();
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            using var tx = w.BeginTransaction();
            w.Execute("INSERT INTO t VALUES (-1)");
            using var s = w.Statement("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c", cts.Token);
            cts.CancelAfter(50);
            Assert.ThrowsAny<OperationCanceledException>(() => s.Step());
            s.Dispose();
            Assert.Throws<InvalidOperationException>(() => tx.Commit()); // SQLite rolled the transaction back
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Equal(0, w.Scalar<long>("SELECT count(*) FROM t"));
            w.Execute("INSERT INTO t VALUES (1)");
        }

        Assert.Equal(0, pool.Statistics.ConnectionsBroken);
    }

    [Fact]
    public void HostileStringsRoundTripAsParametersAndTheSchemaIsUnchanged()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var hostile = new[]
        {
            "'; DROP TABLE t; --", "\"quoted\"", "a\0b", "\0", "\uD800", "x\uDFFFy", "🎉👩‍👩‍👧", "'", "\\", "%_", "",
            new string('x', 1 << 20), "Robert'); DROP TABLE Students;--", "\r\n\t", "ℵ",
        };
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            for (int i = 0; i < hostile.Length; i++) w.Execute("INSERT INTO t (id, v) VALUES (?1, ?2)", i, hostile[i]);
        }

        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        for (int i = 0; i < hostile.Length; i++) Assert.Equal(hostile[i], r.Scalar<string>("SELECT v FROM t WHERE id = ?1", i));
        Assert.Equal(hostile.Length, r.Scalar<long>("SELECT count(*) FROM t"));
        Assert.Equal(1, r.Scalar<long>("SELECT count(*) FROM sqlite_schema"));
    }

    [Fact]
    public void AdHocNamedParametersBindInOrderOfFirstAppearance()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal("a-b-a", r.Scalar<string>("SELECT @first || '-' || @second || '-' || @first", "a", "b"));
        Assert.Equal(3L, r.Scalar<long?>("SELECT ?2 - ?1", 2, 5));
        Assert.Null(r.Scalar<string>("SELECT NULL"));
        Assert.Null(r.Scalar<long?>("SELECT 1 WHERE 0"));
        var rows = r.Query("SELECT value FROM json_each(?1)", s => s.GetInt32(0), "[1,2,3]");
        Assert.Equal([1, 2, 3], rows);
    }
}

public class ScriptTests
{
    [Fact]
    public void ExecuteScriptRunsSeveralStatementsAndReportsErrors()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var w = pool.RentWriter(TestContext.Current.CancellationToken);
        Assert.Equal(2, w.ExecuteScript("CREATE TABLE a (x); CREATE TABLE b (y); INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);"));
        Assert.Equal(1, w.Scalar<long>("SELECT count(*) FROM b"));
        var ex = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => w.ExecuteScript("INSERT INTO a VALUES (3); INSERT INTO nope VALUES (4);"));
        Assert.Contains("no such table: nope", ex.Message);
        Assert.Equal(2, w.Scalar<long>("SELECT count(*) FROM a"));
    }
}
