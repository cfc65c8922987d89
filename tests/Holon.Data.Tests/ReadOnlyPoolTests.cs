using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

/// <summary>
/// <see cref="SqlitePoolOptions.ReadOnly"/>: readers only, nothing written to the file or beside it. The WAL test
/// puts a directory where the -shm file would go, so no -shm can be created (this stops root too, where chmod
/// would not), and reads through <c>immutable=1</c>; the file's bytes are compared before and after.
/// </summary>
public class ReadOnlyPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AWalDatabaseWhoseShmCannotBeCreatedIsReadThroughImmutable()
    {
        using var db = new TempDb();
        db.Exec("PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);");
        Directory.CreateDirectory(db.DbPath + "-shm"); // no -shm file can be created now
        byte[] before = SHA256.HashData(File.ReadAllBytes(db.DbPath));

        var options = new SqlitePoolOptions { ConnectionString = $"Data Source=file:{db.DbPath}?immutable=1", ReadOnly = true, MaxReaders = 2 };
        await using (var pool = new SqlitePool(options))
        {
            using (var a = pool.RentReader(Ct))
            using (var b = pool.RentReader(Ct))
            {
                Assert.Equal(2, a.Scalar<long>("SELECT count(*) FROM t"));
                Assert.Equal(3, b.Scalar<long>("SELECT sum(x) FROM t"));
            }
            AssertWritesAreRefused(pool);
        }

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db.DbPath)));
        Assert.False(File.Exists(db.DbPath + "-wal"));
        Assert.Equal(["test.db"], Directory.GetFiles(db.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ARollbackJournalDatabaseStaysInItsJournalMode()
    {
        using var db = new TempDb();
        db.Exec("PRAGMA journal_mode=DELETE; CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        byte[] before = SHA256.HashData(File.ReadAllBytes(db.DbPath));

        await using (var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = db.ConnectionString, ReadOnly = true, MaxReaders = 1 }))
        {
            using (var r = pool.RentReader(Ct))
            {
                Assert.Equal("delete", r.Scalar<string>("PRAGMA journal_mode"));
                Assert.Equal(1, r.Scalar<long>("SELECT count(*) FROM t"));
            }
            using (var r = pool.RentForRead(Ct)) Assert.False(r.IsWriter);
            AssertWritesAreRefused(pool);
        }

        // A pool that may write would have switched the file to WAL on its first rent.
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db.DbPath)));
        using var plain = new SqliteConnection(db.ConnectionString + ";Pooling=False");
        plain.Open();
        using var cmd = plain.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", cmd.ExecuteScalar());
    }

    [Fact]
    public void AReadOnlyPoolRefusesWhatNeedsAWriter()
    {
        var migrations = new[] { new Migration(1, "create", "CREATE TABLE t(x)") };
        var e = Assert.Throws<ArgumentException>(() => new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=x.db", ReadOnly = true, Migrations = migrations }));
        Assert.Contains("ReadOnly", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=:memory:", ReadOnly = true }));
        Assert.Contains("ReadOnly", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=x.db", ReadOnly = true, DataVersionPollInterval = TimeSpan.FromSeconds(1) }));
        Assert.Contains("ReadOnly", e.Message, StringComparison.Ordinal);
    }

    private static void AssertWritesAreRefused(SqlitePool pool)
    {
        var rent = Assert.Throws<InvalidOperationException>(() => pool.RentWriter(Ct));
        Assert.Contains("read-only", rent.Message, StringComparison.Ordinal);
        Assert.Contains(pool.Name, rent.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => pool.RentWriterAsync(Ct));
        Assert.Throws<InvalidOperationException>(() => pool.Write(lease => lease.Execute("INSERT INTO t VALUES (9)")));
        Assert.ThrowsAsync<InvalidOperationException>(() => pool.WriteAsync(_ => ValueTask.CompletedTask, Ct)).GetAwaiter().GetResult();
        Assert.Throws<InvalidOperationException>(() => pool.Migrate([new Migration(1, "create", "CREATE TABLE u(x)")], Ct));

        using var r = pool.RentReader(Ct);
        var write = Assert.Throws<SqliteException>(() => r.Execute("INSERT INTO t VALUES (9)"));
        Assert.Equal(8, write.SqliteErrorCode);
        Assert.Contains("this pool is read-only", write.Message, StringComparison.Ordinal);
        Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM t WHERE x = 9"));
    }
}
