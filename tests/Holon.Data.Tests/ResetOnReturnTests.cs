using SQLitePCL;

namespace Holon.Data.Tests;

public class ResetOnReturnTests
{
    private static readonly StatementDefinition Echo = new("SELECT @x AS x", StatementKind.Query, ["@x"], ["X"], "Tests.Reset.Echo");
    private static readonly StatementDefinition All = new("SELECT id FROM t ORDER BY id", StatementKind.Query, [], ["Id"], "Tests.Reset.All");

    [Fact]
    public async Task OpenTransactionIsRolledBackAndNextWriterBeginsAtOnce()
    {
        using var db = new TempDb();
        await using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");

        var lease = pool.RentWriter(TestContext.Current.CancellationToken);
        var tx = lease.BeginTransaction();
        lease.Execute("INSERT INTO t (id) VALUES (1)");
        lease.Dispose(); // neither committed nor rolled back
        Assert.False(tx.IsActive);
        tx.Dispose(); // a no-op now

        var next = pool.RentWriterAsync(TestContext.Current.CancellationToken);
        Assert.True(next.IsCompletedSuccessfully);
        using var w = await next;
        using var tx2 = w.BeginTransaction(); // BEGIN IMMEDIATE would fail if the old one were still open
        Assert.Equal(0, w.Scalar<long>("SELECT count(*) FROM t"));
        tx2.Commit();
    }

    [Fact]
    public void AttachedDatabasesAndTempObjectsDoNotOutliveTheLease()
    {
        using var db = new TempDb();
        using var other = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        var options = db.Options(maxReaders: 1);
        // What the connection hook sets up is part of the baseline and stays.
        options.OnConnectionCreated = c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "CREATE TEMP VIEW IF NOT EXISTS hook_view AS SELECT 1 AS one";
            command.ExecuteNonQuery();
        };
        using var pool = new SqlitePool(options);
        using (var w = pool.RentWriter(ct))
        {
            w.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            w.Execute("INSERT INTO t VALUES (1)");
        }
        long createdAfterSetup = pool.Statistics.ConnectionsCreated;

        using (var w = pool.RentWriter(ct))
        {
            w.Execute("ATTACH DATABASE ?1 AS side", other.DbPath);
            w.Execute("CREATE TEMP TABLE t (id INTEGER PRIMARY KEY)"); // shadows main.t for unqualified names
            w.ExecuteScript("CREATE TEMP TRIGGER tt AFTER INSERT ON main.t BEGIN SELECT 1; END; CREATE TEMPORARY VIEW v AS SELECT 2;");
            Assert.Equal(0, w.Scalar<long>("SELECT count(*) FROM t"));
        }

        using (var w = pool.RentWriter(ct))
        {
            Assert.Equal(1, w.Scalar<long>("SELECT count(*) FROM t")); // main.t again
            Assert.Equal(0, w.Scalar<long>("SELECT count(*) FROM pragma_database_list WHERE name = 'side'"));
            Assert.Equal(1, w.Scalar<long>("SELECT count(*) FROM temp.sqlite_schema")); // only the hook's view
            Assert.Equal(1, w.Scalar<long>("SELECT one FROM hook_view"));
            w.Execute("ATTACH DATABASE ?1 AS side", other.DbPath); // the name is free again
        }

        // Restored in place: the writer was neither discarded nor replaced.
        Assert.Equal(0, pool.Statistics.ConnectionsBroken);
        Assert.Equal(createdAfterSetup, pool.Statistics.ConnectionsCreated);
    }

    [Fact]
    public void StatementsAreResetAndBindingsCleared()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.Execute("INSERT INTO t VALUES (1), (2), (3)");

        PreparedStatement leftOpen, bound;
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            leftOpen = r.Statement(All, TestContext.Current.CancellationToken);
            Assert.True(leftOpen.Step()); // mid-result, holding a read snapshot
            bound = r.Statement(Echo, TestContext.Current.CancellationToken);
            bound.BindText(0, "stale");
            Assert.True(bound.Step());
            // neither statement disposed
        }

        Assert.False(leftOpen.IsBusyForTests);
        Assert.Throws<ObjectDisposedException>(() => leftOpen.Step());

        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(Echo, TestContext.Current.CancellationToken);
            Assert.Same(bound, s); // same cached statement on the same connection
            Assert.True(s.Step());
            Assert.True(s.IsNull(0)); // binding cleared
            using var s2 = r.Statement(All, TestContext.Current.CancellationToken);
            Assert.True(s2.Step());
            Assert.Equal(1, s2.GetInt64(0)); // starts from the beginning
        }

        // The reader released its snapshot, so a full checkpoint is not blocked by it.
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            using var cp = w.Statement("PRAGMA wal_checkpoint(TRUNCATE)", TestContext.Current.CancellationToken);
            Assert.True(cp.Step());
            Assert.Equal(0, cp.GetInt64(0));
        }
    }

    [Fact]
    public void PragmasChangedThroughTheLeaseAreRestored()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        PreparedStatement echo;
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using (var s = r.Statement(Echo, TestContext.Current.CancellationToken)) { Assert.True(s.Step()); echo = s; }
            r.Execute("PRAGMA query_only=0");
            r.Execute("PRAGMA foreign_keys=OFF");
            Assert.Equal(0, r.Scalar<long>("PRAGMA query_only"));
        }

        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            Assert.Equal(1, r.Scalar<long>("PRAGMA query_only"));
            Assert.Equal(1, r.Scalar<long>("PRAGMA foreign_keys"));
            using var s = r.Statement(Echo, TestContext.Current.CancellationToken);
            Assert.Same(echo, s); // statements stayed cached
            Assert.True(s.Step());
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            using var cmd = w.Connection.CreateCommand();
            cmd.CommandText = "PRAGMA query_only=1";
            cmd.ExecuteNonQuery();
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Equal(0, w.Scalar<long>("PRAGMA query_only"));
        }

        Assert.Equal(2, pool.Statistics.ConnectionsCreated); // restored, not replaced
    }

    [Fact]
    public void ReadersAreQueryOnly()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        var ex = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => r.Execute("INSERT INTO t VALUES (1)"));
        Assert.Contains("readonly", ex.Message.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("wal", r.Scalar<string>("PRAGMA journal_mode"));
        Assert.Equal(1, r.Scalar<long>("PRAGMA foreign_keys"));
        Assert.Equal(1, r.Scalar<long>("PRAGMA synchronous")); // NORMAL
    }
}

public class ConnectionStateDetectionTests
{
    [Theory]
    [InlineData("PRAGMA query_only=0", true)]
    [InlineData("  -- note\n pragma foreign_keys = off", true)]
    [InlineData("/* x */ ATTACH DATABASE 'a.db' AS a", true)]
    [InlineData("DETACH a", true)]
    [InlineData("SELECT * FROM attachments", false)]
    [InlineData("SELECT name FROM pragma_table_info('t')", false)]
    public void OnlyStateChangingStatementsMarkTheLease(string sql, bool expected)
        => Assert.Equal(expected, Internal.SqlClassifier.ChangesConnectionState(sql));
}
