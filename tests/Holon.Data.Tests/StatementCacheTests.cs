namespace Holon.Data.Tests;

public class StatementCacheTests
{
    private static readonly StatementDefinition GetById = new(
        "SELECT id, parent_id, content FROM blocks WHERE id = @id", StatementKind.Query, ["@id"], ["Id", "ParentId", "Content"], "Tests.Cache.GetById");

    private static readonly StatementDefinition SelectStar = new(
        "SELECT * FROM blocks WHERE id = @id", StatementKind.Query, ["@id"], ["Id", "Content", "Extra"], "Tests.Cache.SelectStar");

    [Fact]
    public void PreparedOncePerConnectionAcross10000Calls()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 2));
        Seed(pool);
        var before = pool.Statistics;
        for (int i = 0; i < 10_000; i++)
        {
            using var lease = pool.RentReader(TestContext.Current.CancellationToken);
            using var s = lease.Statement(GetById, TestContext.Current.CancellationToken);
            s.BindText(0, "b" + (i % 3));
            Assert.True(s.Step());
            Assert.Equal("b" + (i % 3), s.GetString(s.RequiredOrdinal(0)));
        }

        var after = pool.Statistics;
        // Sequential rents reuse the first idle reader; at most one prepare per reader connection.
        long prepared = after.StatementsPrepared - before.StatementsPrepared;
        Assert.InRange(prepared, 1, 2);
        Assert.Equal(prepared, after.StatementCacheMisses - before.StatementCacheMisses);
        Assert.Equal(10_000 - prepared, after.StatementCacheHits - before.StatementCacheHits);
    }

    [Fact]
    public void AdHocLruEvictsLeastRecentlyUsed()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.StatementCacheSize = 4;
        using var pool = new SqlitePool(options);
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        for (int i = 0; i < 10; i++) Assert.Equal(i, r.Scalar<long>($"SELECT {i}"));
        var s = pool.Statistics;
        Assert.Equal(6, s.StatementsEvicted);
        Assert.Equal(10, s.StatementCacheMisses);

        Assert.Equal(9, r.Scalar<long>("SELECT 9")); // most recent: still cached
        Assert.Equal(10, pool.Statistics.StatementsPrepared);
        Assert.Equal(0, r.Scalar<long>("SELECT 0")); // evicted: prepared again
        Assert.Equal(11, pool.Statistics.StatementCacheMisses);
        Assert.Equal(1, pool.Statistics.StatementCacheHits);
    }

    [Fact]
    public void CachedStatementSurvivesAlterTable()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        Seed(pool);
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(SelectStar, TestContext.Current.CancellationToken);
            s.BindText(0, "b1");
            Assert.True(s.Step());
            Assert.Equal(3, s.ColumnCount);
            Assert.Equal(-1, s.Ordinal(2)); // no "extra" column yet
            Assert.Equal("c1", s.GetString(s.RequiredOrdinal(1)));
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.Execute("ALTER TABLE blocks ADD COLUMN extra TEXT DEFAULT 'x'");
        var prepared = pool.Statistics.StatementsPrepared;

        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(SelectStar, TestContext.Current.CancellationToken);
            s.BindText(0, "b1");
            Assert.True(s.Step());
            Assert.Equal(4, s.ColumnCount);
            Assert.Equal("x", s.GetString(s.RequiredOrdinal(2)));
            Assert.Equal("c1", s.GetString(s.RequiredOrdinal(1)));
        }

        Assert.Equal(prepared, pool.Statistics.StatementsPrepared); // SQLite re-prepared internally; our cache kept it

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.Execute("ALTER TABLE blocks RENAME COLUMN content TO body");
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(SelectStar, TestContext.Current.CancellationToken);
            s.BindText(0, "b1");
            Assert.True(s.Step());
            var ex = Assert.Throws<InvalidOperationException>(() => s.RequiredOrdinal(1));
            Assert.Contains("'Content'", ex.Message);
            Assert.Contains("Tests.Cache.SelectStar", ex.Message);
            Assert.Contains("SELECT * FROM blocks", ex.Message);
        }
    }

    [Fact]
    public void MembersMatchColumnsIgnoringCaseAndUnderscores()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        Seed(pool);
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using var s = r.Statement(GetById, TestContext.Current.CancellationToken);
        s.BindText(0, "b2");
        Assert.True(s.Step());
        Assert.Equal(1, s.RequiredOrdinal(1)); // parent_id ↔ ParentId
        Assert.Equal("b1", s.GetString(1));
    }

    [Fact]
    public void SameStatementUsedTwiceAtOnceGetsATemporaryTwin()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        Seed(pool);
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using var outer = r.Statement(GetById, TestContext.Current.CancellationToken);
        outer.BindText(0, "b1");
        Assert.True(outer.Step());
        using (var inner = r.Statement(GetById, TestContext.Current.CancellationToken))
        {
            Assert.NotSame(outer, inner);
            inner.BindText(0, "b2");
            Assert.True(inner.Step());
            Assert.Equal("b2", inner.GetString(0));
        }

        Assert.Equal("b1", outer.GetString(0));
    }

    internal static void Seed(SqlitePool pool)
    {
        using var w = pool.RentWriter(TestContext.Current.CancellationToken);
        w.Execute("CREATE TABLE blocks (id TEXT PRIMARY KEY, parent_id TEXT, content TEXT)");
        w.Execute("INSERT INTO blocks VALUES ('b0', NULL, 'c0')");
        w.Execute("INSERT INTO blocks VALUES ('b1', 'b0', 'c1')");
        w.Execute("INSERT INTO blocks VALUES ('b2', 'b1', 'c2')");
    }
}

public class StatementCacheEdgeTests
{
    [Fact]
    public void StatementsInUseAreNeverEvictedAndTheNewOneIsNeverTheVictim()
    {
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        options.StatementCacheSize = 1;
        using var pool = new SqlitePool(options);
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using var held = r.Statement("SELECT 1 UNION ALL SELECT 2", TestContext.Current.CancellationToken);
        Assert.True(held.Step());
        for (int i = 0; i < 5; i++)
        {
            using var s = r.Statement($"SELECT {i}", TestContext.Current.CancellationToken);
            Assert.True(s.Step());
            Assert.Equal(i, s.GetInt64(0));
        }

        Assert.True(held.Step()); // still prepared and mid-result
        Assert.Equal(2, held.GetInt64(0));
    }
}
