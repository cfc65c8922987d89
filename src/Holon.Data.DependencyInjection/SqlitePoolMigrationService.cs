using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Holon.Data.DependencyInjection;

/// <summary>
/// Applies migrations to one registered <see cref="SqlitePool"/> in <see cref="IHostedLifecycleService.StartingAsync"/>,
/// which the host runs before any hosted service's <c>StartAsync</c> (and so before the app serves). A
/// <see cref="MigrationException"/> propagates out of <c>host.StartAsync</c>, and the host does not start.
/// Registered by <see cref="SqlitePoolBuilder.WithMigrations"/> (<c>services.AddSqlitePool(…).WithMigrations(HolonMigrations.All)</c>)
/// or <see cref="SqlitePoolMigrationServiceCollectionExtensions.MigrateSqlitePoolOnStartup"/>.
/// </summary>
public sealed class SqlitePoolMigrationService : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly object? _serviceKey;
    private readonly IReadOnlyList<Migration> _migrations;

    /// <summary>Creates the service for the pool registered under <paramref name="serviceKey"/> (null: the unkeyed pool).</summary>
    public SqlitePoolMigrationService(IServiceProvider services, object? serviceKey, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(migrations);
        _services = services;
        _serviceKey = serviceKey;
        _migrations = migrations;
    }

    /// <summary>The result of the migration run, once <see cref="StartingAsync"/> finished; null before.</summary>
    public MigrationResult? Result { get; private set; }

    /// <inheritdoc/>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var pool = _serviceKey is null
            ? _services.GetRequiredService<SqlitePool>()
            : _services.GetRequiredKeyedService<SqlitePool>(_serviceKey);
        Result = await pool.MigrateAsync(_migrations, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
