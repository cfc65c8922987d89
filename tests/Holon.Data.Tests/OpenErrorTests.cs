using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

/// <summary>A connection that cannot be opened or set up fails with SQLite's codes and the pool's file in the message.</summary>
public class OpenErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFileThatIsNotADatabaseIsNamed(bool writerFirst)
    {
        using var db = new TempDb();
        File.WriteAllText(db.DbPath, new string('x', 5000));
        var e = RentFails(db.ConnectionString, writerFirst);
        Assert.Equal(26, e.SqliteErrorCode); // SQLITE_NOTADB
        Assert.Contains(db.DbPath, e.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 5000), File.ReadAllText(db.DbPath)); // nothing written to it
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMalformedDatabaseIsNamed(bool writerFirst)
    {
        using var db = new TempDb();
        db.Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        using (var f = File.OpenWrite(db.DbPath))
        {
            f.Seek(100, SeekOrigin.Begin); // past the header: the schema page
            f.Write(Enumerable.Repeat((byte)0xAB, 3000).ToArray());
        }
        var e = RentFails(db.ConnectionString, writerFirst);
        Assert.Equal(11, e.SqliteErrorCode); // SQLITE_CORRUPT
        Assert.Contains(db.DbPath, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFileThatCannotBeOpenedIsNamed(bool writerFirst)
    {
        using var db = new TempDb();
        string path = Path.Combine(db.Folder, "no-such-folder", "x.db");
        var e = RentFails($"Data Source={path}", writerFirst);
        Assert.Equal(14, e.SqliteErrorCode); // SQLITE_CANTOPEN
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConnectionStringThatOpensReadOnlyIsNamedAndPointsAtTheReadOnlyOption()
    {
        using var db = new TempDb();
        db.Exec("CREATE TABLE t(x)");
        var e = RentFails($"Data Source={db.DbPath};Mode=ReadOnly", writerFirst: true);
        Assert.Equal(8, e.SqliteErrorCode); // SQLITE_READONLY: the writer cannot switch the file to WAL
        Assert.Contains(db.DbPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("SqlitePoolOptions.ReadOnly", e.Message, StringComparison.Ordinal);
    }

    private static SqliteException RentFails(string connectionString, bool writerFirst)
    {
        using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = connectionString, MaxReaders = 1 });
        return Assert.Throws<SqliteException>(() =>
        {
            using var lease = writerFirst ? pool.RentWriter(Ct) : pool.RentReader(Ct);
        });
    }
}
