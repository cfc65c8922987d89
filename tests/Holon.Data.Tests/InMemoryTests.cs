namespace Holon.Data.Tests;

public class InMemoryTests
{
    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=")]
    [InlineData("Data Source=shared-test-db;Mode=Memory;Cache=Shared")]
    public void EveryLeaseSeesTheSameData(string connectionString)
    {
        using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = connectionString, MaxReaders = 3 });
        Assert.True(pool.IsInMemory);
        using (var w = pool.RentWriter())
        {
            w.Execute("CREATE TABLE t (v TEXT)");
            w.Execute("INSERT INTO t VALUES (?1)", "shared");
        }

        var readers = new[] { pool.RentReader(), pool.RentReader(), pool.RentReader() };
        try
        {
            foreach (var r in readers) Assert.Equal("shared", r.Scalar<string>("SELECT v FROM t"));
            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => readers[0].Execute("INSERT INTO t VALUES ('x')"));
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }

        Assert.Equal(4, pool.Statistics.ConnectionsCreated);
    }

    [Fact]
    public void TwoAnonymousMemoryPoolsAreSeparate()
    {
        using var a = new SqlitePool("Data Source=:memory:");
        using var b = new SqlitePool("Data Source=:memory:");
        using (var w = a.RentWriter()) w.Execute("CREATE TABLE only_in_a (x)");
        using var r = b.RentReader();
        Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'only_in_a'"));
    }

    [Fact]
    public void DataSurvivesWhileThePoolLives()
    {
        using var pool = new SqlitePool("Data Source=:memory:");
        using (var w = pool.RentWriter()) w.Execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)".Split(';')[0]);
        using (var w = pool.RentWriter()) w.Execute("INSERT INTO t VALUES (1)");
        for (int i = 0; i < 3; i++)
        {
            using var r = pool.RentReader();
            Assert.Equal(1, r.Scalar<long>("SELECT count(*) FROM t"));
        }
    }
}
