namespace Holon.Data.Tests;

public class TransactionTests
{
    [Fact]
    public void CommitRollbackAndNestedSavepoints()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            using (var tx = w.BeginTransaction())
            {
                Assert.False(tx.IsNested);
                w.Execute("INSERT INTO t VALUES (1)");
                using (var inner = w.BeginTransaction())
                {
                    Assert.True(inner.IsNested);
                    w.Execute("INSERT INTO t VALUES (2)");
                    inner.Rollback();
                }

                using (var inner = w.BeginTransaction())
                {
                    w.Execute("INSERT INTO t VALUES (3)");
                    inner.Commit();
                }

                using (var inner = w.BeginTransaction())
                {
                    w.Execute("INSERT INTO t VALUES (4)");
                    // disposed without commit → rolled back to its savepoint
                }

                tx.Commit();
                Assert.False(tx.IsActive);
                Assert.Throws<InvalidOperationException>(() => tx.Commit());
            }

            using (var tx = w.BeginTransaction())
            {
                w.Execute("INSERT INTO t VALUES (5)");
            }
        }

        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal("1,3", string.Join(",", r.Query("SELECT id FROM t ORDER BY id", s => s.GetInt64(0))));
    }

    [Fact]
    public void ReaderTransactionKeepsItsSnapshotWhileTheWriterCommits()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using (var snapshot = r.BeginTransaction())
        {
            Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t"));
            using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
            {
                using var tx = w.BeginTransaction();
                w.Execute("INSERT INTO t VALUES (1)");
                tx.Commit();
            }

            Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t"));
            snapshot.Commit();
        }

        Assert.Equal(1, r.Scalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task UnitsOfWorkCommitOnSuccessAndRollBackOnException()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");

        await pool.WriteAsync(lease => { lease.Execute("INSERT INTO t VALUES (1)"); return ValueTask.CompletedTask; }, ct);
        await Assert.ThrowsAsync<InvalidTimeZoneException>(() => pool.WriteAsync(async lease =>
        {
            lease.Execute("INSERT INTO t VALUES (2)");
            await Task.Yield();
            throw new InvalidTimeZoneException("boom");
        }, ct));
        var id = await pool.WriteAsync(lease => ValueTask.FromResult(lease.Execute("INSERT INTO t VALUES (3)")), ct);
        Assert.Equal(1, id);
        pool.Write(lease => lease.Execute("INSERT INTO t VALUES (4)"));

        var ids = await pool.ReadAsync(lease => ValueTask.FromResult(lease.Query("SELECT id FROM t ORDER BY id", s => s.GetInt64(0))), ct);
        Assert.Equal([1L, 3L, 4L], ids);
        Assert.Equal(3, pool.Read(lease => lease.Scalar<long>("SELECT count(*) FROM t")));
        await pool.ReadAsync(lease => { Assert.False(lease.IsWriter); return ValueTask.CompletedTask; }, ct);
        Assert.Equal(0, pool.Statistics.ConnectionsInUse);
    }

    [Fact]
    public void CommitAfterSqliteRolledBackSaysSo()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var w = pool.RentWriter(TestContext.Current.CancellationToken);
        var tx = w.BeginTransaction();
        w.Execute("ROLLBACK"); // behind the transaction's back
        var ex = Assert.Throws<InvalidOperationException>(() => tx.Commit());
        Assert.Contains("rolled back", ex.Message);
        tx.Dispose();
        using var tx2 = w.BeginTransaction();
        tx2.Commit();
    }
}

public class DeepNestingTests
{
    [Fact]
    public void TwentyLevelsOfSavepointsCommitAndRollBackCorrectly()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var w = pool.RentWriter(TestContext.Current.CancellationToken);
        w.Execute("CREATE TABLE t (depth INTEGER)");
        var stack = new Stack<LeaseTransaction>();
        for (int depth = 1; depth <= 20; depth++)
        {
            stack.Push(w.BeginTransaction());
            w.Execute("INSERT INTO t VALUES (?1)", depth);
        }

        // Roll back the five innermost, commit the rest.
        for (int depth = 20; depth >= 1; depth--)
        {
            var tx = stack.Pop();
            if (depth > 15) tx.Rollback();
            else tx.Commit();
        }

        Assert.Equal(15, w.Scalar<long>("SELECT count(*) FROM t"));
        Assert.Equal(15, w.Scalar<long>("SELECT max(depth) FROM t"));
    }
}
