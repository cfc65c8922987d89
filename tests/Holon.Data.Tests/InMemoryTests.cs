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
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            w.Execute("CREATE TABLE t (v TEXT)");
            w.Execute("INSERT INTO t VALUES (?1)", "shared");
        }

        var readers = new[] { pool.RentReader(TestContext.Current.CancellationToken), pool.RentReader(TestContext.Current.CancellationToken), pool.RentReader(TestContext.Current.CancellationToken) };
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
        using (var w = a.RentWriter(TestContext.Current.CancellationToken)) w.Execute("CREATE TABLE only_in_a (x)");
        using var r = b.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(0, r.Scalar<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'only_in_a'"));
    }

    [Fact]
    public void DataSurvivesWhileThePoolLives()
    {
        using var pool = new SqlitePool("Data Source=:memory:");
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.Execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)".Split(';')[0]);
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.Execute("INSERT INTO t VALUES (1)");
        for (int i = 0; i < 3; i++)
        {
            using var r = pool.RentReader(TestContext.Current.CancellationToken);
            Assert.Equal(1, r.Scalar<long>("SELECT count(*) FROM t"));
        }
    }
}

public class InMemoryConcurrencyTests
{
    [Fact]
    public async Task ConcurrentReadsAndWritesOnAMemoryDatabaseSeeNoErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool("Data Source=:memory:");
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.ExecuteScript("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t (v) VALUES (0);");
        long writes = 0;
        var errors = new List<Exception>();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            while (sw.ElapsedMilliseconds < 800)
            {
                try
                {
                    if (i % 4 == 0)
                    {
                        await pool.WriteAsync(l => { l.Execute("INSERT INTO t (v) VALUES (?1)", i); return ValueTask.CompletedTask; }, ct);
                        Interlocked.Increment(ref writes);
                    }
                    else
                    {
                        await pool.ReadAsync(l => { Assert.True(l.Scalar<long>("SELECT count(*) FROM t") >= 1); return ValueTask.CompletedTask; }, ct);
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
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(writes + 1, r.Scalar<long>("SELECT count(*) FROM t"));
    }
}
