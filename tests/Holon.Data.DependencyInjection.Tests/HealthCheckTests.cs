using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Holon.Data.DependencyInjection.Tests;

public sealed class HealthCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ServiceProvider Build(TimeSpan timeout, int maxReaders = 4, object? key = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (key is null) services.AddSqlitePool(_folder.ConnectionString("health.db"), o => o.MaxReaders = maxReaders);
        else services.AddKeyedSqlitePool(key, _folder.ConnectionString("health.db"), o => o.MaxReaders = maxReaders);
        services.AddHealthChecks().AddSqlitePool(name: "sqlite", timeout: timeout, serviceKey: key);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> Check(IServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        return report.Entries["sqlite"];
    }

    [Fact]
    public async Task A_free_pool_is_healthy_and_reports_its_counters()
    {
        await using var provider = Build(TimeSpan.FromSeconds(10));
        var pool = provider.GetRequiredService<SqlitePool>();
        using var held = pool.RentWriter(TestContext.Current.CancellationToken); // in use while the check runs

        var entry = await Check(provider);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1, entry.Data["ConnectionsInUse"]);
        Assert.Equal(0L, entry.Data["LeaseWaits"]);
        Assert.Contains("SELECT 1", entry.Description);
    }

    [Fact]
    public async Task A_keyed_pool_is_checked_through_its_key()
    {
        await using var provider = Build(TimeSpan.FromSeconds(10), key: "notes");

        var entry = await Check(provider);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains(_folder.File("health.db"), entry.Description);
    }

    [Fact]
    public async Task A_rent_that_waited_more_than_half_the_timeout_is_degraded()
    {
        var timeout = TimeSpan.FromSeconds(6);
        await using var provider = Build(timeout, maxReaders: 1);
        var pool = provider.GetRequiredService<SqlitePool>();
        using var held = pool.RentReader(TestContext.Current.CancellationToken);

        var check = Check(provider);
        // Release the only reader once the check is queued for it and more than half the timeout has passed.
        while (pool.Statistics.LeaseWaits == 0 && !check.IsCompleted) await Task.Delay(5, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        held.Dispose();
        var entry = await check;

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(1L, entry.Data["LeaseWaits"]);
        Assert.Contains("more than half", entry.Description);
    }

    [Fact]
    public async Task A_rent_that_times_out_is_unhealthy()
    {
        await using var provider = Build(TimeSpan.FromMilliseconds(200), maxReaders: 1);
        var pool = provider.GetRequiredService<SqlitePool>();
        using var held = pool.RentReader(TestContext.Current.CancellationToken);

        var entry = await Check(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("timeout", entry.Description);
        Assert.Equal(1, entry.Data["ConnectionsInUse"]);
        Assert.Equal(1L, entry.Data["LeaseWaits"]);
    }

    [Fact]
    public async Task An_error_is_unhealthy_with_the_exception()
    {
        await using var provider = Build(TimeSpan.FromSeconds(5));
        provider.GetRequiredService<SqlitePool>().Dispose();

        var entry = await Check(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<ObjectDisposedException>(entry.Exception);
    }

    [Fact]
    public void The_timeout_must_be_positive()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddSqlitePool(timeout: TimeSpan.Zero));
        Assert.Contains("AddSqlitePool", e.Message);
    }
}
