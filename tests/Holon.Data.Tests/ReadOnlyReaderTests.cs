using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

/// <summary>Readers are read-only by construction: opened read-only, ATTACH (and so VACUUM INTO) refused.</summary>
public class ReadOnlyReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void APragmaCannotTurnAReaderIntoAWriter()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var w = pool.RentWriter(Ct)) w.Execute("CREATE TABLE t(x)");

        using (var r = pool.RentReader(Ct))
        {
            r.Execute("PRAGMA query_only=0");
            var e = Assert.Throws<SqliteException>(() => r.Execute("INSERT INTO t(x) VALUES (1)"));
            Assert.Equal(8, e.SqliteErrorCode); // SQLITE_READONLY
            Assert.Contains("reader lease", e.Message, StringComparison.Ordinal);
            Assert.Contains("INSERT INTO t(x) VALUES (1)", e.Message, StringComparison.Ordinal);

            var script = Assert.Throws<SqliteException>(() => r.ExecuteScript("PRAGMA query_only=0; INSERT INTO t(x) VALUES (2);"));
            Assert.Equal(8, script.SqliteErrorCode);
            Assert.Contains("reader lease", script.Message, StringComparison.Ordinal);

            // Hand-written ADO.NET on the reader's connection cannot write either.
            using var cmd = r.Connection.CreateCommand();
            cmd.CommandText = "PRAGMA query_only=0; INSERT INTO t(x) VALUES (3);";
            Assert.Equal(8, Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).SqliteErrorCode);
        }

        using var check = pool.RentWriter(Ct);
        Assert.Equal(0, check.Scalar<long>("SELECT count(*) FROM t"));
    }

    [Fact(Timeout = 120_000)]
    public void AWriteOnAReaderFailsAtOnceWhileTheWriterHoldsItsLock()
    {
        var ct = TestContext.Current.CancellationToken;
        using var db = new TempDb();
        var options = db.Options(maxReaders: 1);
        // Far longer than the test's timeout: a reader that waited for the writer's lock would time the test out.
        options.BusyTimeout = TimeSpan.FromMinutes(10);
        using var pool = new SqlitePool(options);
        using var w = pool.RentWriter(ct);
        w.Execute("CREATE TABLE t(x)");
        using var tx = w.BeginTransaction();
        w.Execute("INSERT INTO t(x) VALUES (1)");

        using var r = pool.RentReader(ct);
        r.Execute("PRAGMA query_only=0");
        var e = Assert.Throws<SqliteException>(() => r.Execute("INSERT INTO t(x) VALUES (2)"));
        Assert.Equal(8, e.SqliteErrorCode); // SQLITE_READONLY, not SQLITE_BUSY after the busy timeout
        Assert.Contains("reader lease", e.Message, StringComparison.Ordinal);
        tx.Commit();
    }

    [Fact]
    public void AttachAndVacuumIntoAreRefusedOnAReaderAndLeaveNoFile()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var w = pool.RentWriter(Ct)) w.Execute("CREATE TABLE t(x)");
        string attached = Path.Combine(db.Folder, "attached.db");
        string vacuumed = Path.Combine(db.Folder, "vacuumed.db");

        using (var r = pool.RentReader(Ct))
        {
            var attach = Assert.Throws<SqliteException>(() => r.Execute("ATTACH DATABASE ?1 AS side", attached));
            Assert.Equal(23, attach.SqliteErrorCode); // SQLITE_AUTH
            Assert.Contains("reader lease", attach.Message, StringComparison.Ordinal);
            var vacuum = Assert.Throws<SqliteException>(() => r.Execute("VACUUM INTO ?1", vacuumed));
            Assert.Contains("reader lease", vacuum.Message, StringComparison.Ordinal);
            using var cmd = r.Connection.CreateCommand();
            cmd.CommandText = $"ATTACH DATABASE '{attached}' AS side";
            Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t")); // the reader still reads
        }

        Assert.False(File.Exists(attached), "ATTACH on a reader created a file");
        Assert.False(File.Exists(vacuumed), "VACUUM INTO on a reader created a file");

    }

    [Fact]
    public async Task AReaderStillRefusesAttachAfterAWatchLearnedItsReadSetOnIt()
    {
        using var db = new TempDb();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var w = pool.RentWriter(Ct)) w.Execute("CREATE TABLE t(x)");
        string attached = Path.Combine(db.Folder, "attached.db");

        // The read set is learned with an authorizer of the watch's own, on the only reader.
        var definition = new StatementDefinition("SELECT x FROM t", StatementKind.Watch, [], ["X"], "Tests.ReadOnlyReader.Watch");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = pool.Watch<int, long>(definition, 0, null, s => s.Step() ? s.GetInt64(0) : -1, null, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(1, pool.WatchStatistics.ReadSetsLearned);
        await cts.CancelAsync();
        await watch.DisposeAsync();

        using (var r = pool.RentReader(Ct))
        {
            Assert.Throws<SqliteException>(() => r.Execute("ATTACH DATABASE ?1 AS side", attached));
        }
        Assert.False(File.Exists(attached));
    }

    [Fact]
    public void TheWriterStillAttaches()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        string attached = Path.Combine(db.Folder, "attached.db");
        using var w = pool.RentWriter(Ct);
        w.Execute("ATTACH DATABASE ?1 AS side", attached);
        Assert.True(File.Exists(attached));
    }

    [Fact]
    public void AFirstRentThatIsAReaderStillCreatesTheFileInWalMode()
    {
        using var db = new TempDb();
        using (var pool = new SqlitePool(db.Options(maxReaders: 1)))
        {
            using var r = pool.RentReader(Ct);
            Assert.Equal(1, r.Scalar<long>("SELECT 1"));
            Assert.Equal("wal", r.Scalar<string>("PRAGMA journal_mode"));
        }
        Assert.True(File.Exists(db.DbPath));
    }
}
