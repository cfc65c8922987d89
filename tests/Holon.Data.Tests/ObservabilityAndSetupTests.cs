using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Holon.Data.Tests;

public class ObservabilityAndSetupTests
{
    [Fact]
    public async Task LogsConnectionLifeCycleTimeoutsAndLeaks()
    {
        using var db = new TempDb();
        var logs = new ListLoggerFactory();
        var options = db.Options(maxReaders: 1);
        options.LoggerFactory = logs;
        options.AcquireTimeout = TimeSpan.FromMilliseconds(50);
        options.TrackLeaseOrigins = true;
        var pool = new SqlitePool(options);
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            await Assert.ThrowsAsync<PoolTimeoutException>(async () => await pool.RentReaderAsync(TestContext.Current.CancellationToken));
        }

        LeakAWriter(pool);
        for (int i = 0; i < 10 && pool.Statistics.LeasesLeaked == 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) Assert.True(w.IsWriter); // the writer's capacity came back
        await pool.DisposeAsync();

        var entries = logs.Entries.ToArray();
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Opened SQLite connection", StringComparison.Ordinal) && e.Message.Contains("(reader)"));
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Closed SQLite connection", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Timed out waiting for a reader connection (capacity 1)"));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("writer lease") && e.Message.Contains(nameof(LeakAWriter)));
        Assert.Equal(1, pool.Statistics.LeasesLeaked);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeakAWriter(SqlitePool pool) => pool.RentWriter(TestContext.Current.CancellationToken).Execute("CREATE TABLE IF NOT EXISTS t (x)");

    [Fact]
    public void OnConnectionCreatedRunsOncePerConnectionAndCanAddFunctions()
    {
        using var db = new TempDb();
        int calls = 0;
        var options = db.Options(maxReaders: 2);
        options.OnConnectionCreated = c =>
        {
            Interlocked.Increment(ref calls);
            c.CreateFunction("twice", (long x) => 2 * x);
        };
        using var pool = new SqlitePool(options);
        for (int i = 0; i < 20; i++)
        {
            using var a = pool.RentReader(TestContext.Current.CancellationToken);
            using var b = pool.RentReader(TestContext.Current.CancellationToken);
            Assert.Equal(2 * i, a.Scalar<long>("SELECT twice(?1)", i));
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) Assert.Equal(8, w.Scalar<long>("SELECT twice(4)"));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void SynchronousAndBusyTimeoutOptionsApply()
    {
        using var db = new TempDb();
        var options = db.Options();
        options.Synchronous = SynchronousMode.Full;
        options.BusyTimeout = TimeSpan.FromMilliseconds(1234);
        options.ForeignKeys = false;
        using var pool = new SqlitePool(options);
        using var w = pool.RentWriter(TestContext.Current.CancellationToken);
        Assert.Equal(2, w.Scalar<long>("PRAGMA synchronous"));
        Assert.Equal(1234, w.Scalar<long>("PRAGMA busy_timeout"));
        Assert.Equal(0, w.Scalar<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public void AFailedOpenLosesNoCapacity()
    {
        var missing = Path.Combine(Path.GetTempPath(), "holon-no-such-dir-" + Guid.NewGuid().ToString("N"), "x.db");
        var options = new SqlitePoolOptions { ConnectionString = $"Data Source={missing}", MaxReaders = 1, AcquireTimeout = TimeSpan.FromSeconds(5) };
        using var pool = new SqlitePool(options);
        for (int i = 0; i < 3; i++) Assert.Throws<SqliteException>(() => pool.RentReader(TestContext.Current.CancellationToken)); // not a timeout
        Assert.Equal(0, pool.Statistics.ConnectionsInUse);
        Assert.Equal(0, pool.Statistics.ConnectionsOpen);
    }

    [Fact]
    public void PoolingIsForcedOffAndTheFileIsReleasedOnDispose()
    {
        using var db = new TempDb();
        var pool = new SqlitePool($"Data Source={db.DbPath};Pooling=True");
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Contains("Pooling=False", w.Connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
            w.Execute("CREATE TABLE t (x)");
        }

        pool.Dispose();
        Assert.True(db.OpenHandles() <= 0, $"{db.OpenHandles()} handles still open on the database");
        File.Delete(db.DbPath);
        Assert.False(File.Exists(db.DbPath));
    }

    private sealed class ListLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public void AddProvider(ILoggerProvider provider) { }

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose() { }

        private sealed class ListLogger(ListLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
