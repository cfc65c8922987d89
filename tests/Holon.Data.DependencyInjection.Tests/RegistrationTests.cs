using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Holon.Data.DependencyInjection.Tests;

public sealed class RegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AddSqlitePool_registers_one_singleton_configured_by_the_callback()
    {
        var services = new ServiceCollection();
        services.AddSqlitePool(_folder.ConnectionString("app.db"), o => o.MaxReaders = 2);
        using var provider = services.BuildServiceProvider();

        var pool = provider.GetRequiredService<SqlitePool>();
        Assert.Same(pool, provider.GetRequiredService<SqlitePool>());
        Assert.Equal(_folder.File("app.db"), pool.Name);
        using (var lease = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Equal(1L, lease.Scalar<long>("SELECT 1"));
        }

        // MaxReaders = 2 took effect: a third reader has to wait, so with a short token it is cancelled.
        using var r1 = pool.RentReader(TestContext.Current.CancellationToken);
        using var r2 = pool.RentReader(TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => pool.RentReader(cts.Token));
    }

    [Fact]
    public void The_container_disposes_the_pool()
    {
        var services = new ServiceCollection();
        services.AddSqlitePool(_folder.ConnectionString("dispose.db"));
        var provider = services.BuildServiceProvider();
        var pool = provider.GetRequiredService<SqlitePool>();
        pool.RentReader(TestContext.Current.CancellationToken).Dispose();

        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.RentReader(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_container_disposes_the_pool_asynchronously_and_waits_for_its_connections()
    {
        var services = new ServiceCollection();
        services.AddSqlitePool(_folder.ConnectionString("async.db"));
        var provider = services.BuildServiceProvider();
        var pool = provider.GetRequiredService<SqlitePool>();
        using (var lease = pool.RentWriter(TestContext.Current.CancellationToken)) lease.Execute("CREATE TABLE t (x)");

        await provider.DisposeAsync();

        Assert.Equal(0, pool.Statistics.ConnectionsOpen);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            using var lease = await pool.RentReaderAsync(TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public void The_logger_factory_comes_from_the_container()
    {
        var container = new RecordingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(container);
        services.AddSqlitePool(_folder.ConnectionString("log.db"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<SqlitePool>().RentReader(TestContext.Current.CancellationToken).Dispose();

        Assert.Contains("Holon.Data.SqlitePool", container.Categories);
    }

    [Fact]
    public void A_logger_factory_set_in_the_options_wins_over_the_container()
    {
        var container = new RecordingLoggerFactory();
        var own = new RecordingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(container);
        services.AddSqlitePool(_folder.ConnectionString("own-log.db"), o => o.LoggerFactory = own);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<SqlitePool>().RentReader(TestContext.Current.CancellationToken).Dispose();

        Assert.Contains("Holon.Data.SqlitePool", own.Categories);
        Assert.Empty(container.Categories);
    }

    [Fact]
    public void Keyed_pools_are_separate_databases()
    {
        var services = new ServiceCollection();
        services.AddKeyedSqlitePool("notes", _folder.ConnectionString("notes.db"));
        services.AddKeyedSqlitePool("cache", _folder.ConnectionString("cache.db"), o => o.MaxReaders = 1);
        using var provider = services.BuildServiceProvider();

        var notes = provider.GetRequiredKeyedService<SqlitePool>("notes");
        var cache = provider.GetRequiredKeyedService<SqlitePool>("cache");
        Assert.NotSame(notes, cache);
        Assert.Same(notes, provider.GetRequiredKeyedService<SqlitePool>("notes"));
        Assert.Equal(_folder.File("notes.db"), notes.Name);
        Assert.Equal(_folder.File("cache.db"), cache.Name);
        Assert.Null(provider.GetService<SqlitePool>());
    }

    [Fact]
    public void An_empty_connection_string_is_rejected_with_the_method_name()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => services.AddSqlitePool(" "));
        Assert.Contains("AddSqlitePool", e.Message);
        var k = Assert.Throws<ArgumentException>(() => services.AddKeyedSqlitePool("notes", ""));
        Assert.Contains("AddKeyedSqlitePool", k.Message);
        Assert.Throws<ArgumentNullException>(() => services.AddKeyedSqlitePool(null!, "Data Source=x.db"));
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _categories = new();

        public IReadOnlyCollection<string> Categories => _categories;

        public ILogger CreateLogger(string categoryName)
        {
            _categories.Enqueue(categoryName);
            return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        }

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
