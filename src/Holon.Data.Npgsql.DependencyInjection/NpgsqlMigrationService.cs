using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Holon.Data.Npgsql.DependencyInjection;

/// <summary>
/// Applies migrations to one registered <see cref="NpgsqlDataSource"/> in <see cref="IHostedLifecycleService.StartingAsync"/>,
/// which the host runs before any hosted service's <c>StartAsync</c> (and so before the app serves). A
/// <see cref="MigrationException"/> propagates out of <c>host.StartAsync</c>, and the host does not start.
/// Registered by <see cref="HolonNpgsqlBuilder.WithMigrations"/> (<c>services.AddHolonNpgsql().WithMigrations(PostgresMigrations.All)</c>)
/// or <see cref="NpgsqlMigrationServiceCollectionExtensions.MigrateNpgsqlDataSourceOnStartup"/>.
/// </summary>
public sealed class NpgsqlMigrationService : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly object? _serviceKey;
    private readonly IReadOnlyList<Migration> _migrations;

    /// <summary>Creates the service for the data source registered under <paramref name="serviceKey"/> (null: the unkeyed one).</summary>
    public NpgsqlMigrationService(IServiceProvider services, object? serviceKey, IReadOnlyList<Migration> migrations)
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
        // NpgsqlMultiHostDataSource derives from NpgsqlDataSource, so either registration is found here.
        var source = _serviceKey is null
            ? _services.GetRequiredService<NpgsqlDataSource>()
            : _services.GetRequiredKeyedService<NpgsqlDataSource>(_serviceKey);
        Result = await source.MigrateAsync(_migrations, cancellationToken).ConfigureAwait(false);
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
