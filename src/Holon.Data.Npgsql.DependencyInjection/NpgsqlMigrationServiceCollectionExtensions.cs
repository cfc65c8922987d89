using Holon.Data;
using Holon.Data.Npgsql.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Holon.Data for an <see cref="NpgsqlDataSource"/> the app registered: migrations applied when the host starts.</summary>
public static class NpgsqlMigrationServiceCollectionExtensions
{
    /// <summary>
    /// Configures Holon.Data for the <see cref="NpgsqlDataSource"/> registered in <paramref name="services"/> (with
    /// <paramref name="serviceKey"/>, the keyed one), for example by
    /// <c>services.AddSingleton(NpgsqlDataSource.Create(connectionString))</c>. Registers nothing by itself; chain
    /// <see cref="HolonNpgsqlBuilder.WithMigrations"/>. The data source is looked up when the host starts, so it may be
    /// registered before or after this call.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key the data source was registered under; null for the unkeyed one.</param>
    /// <returns>A builder for that data source, which is also <paramref name="services"/>.</returns>
    public static HolonNpgsqlBuilder AddHolonNpgsql(this IServiceCollection services, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new HolonNpgsqlBuilder(services, serviceKey);
    }

    /// <summary>
    /// Applies <paramref name="migrations"/> to the registered <see cref="NpgsqlDataSource"/> (with
    /// <paramref name="serviceKey"/>, the keyed one) while the host starts: in
    /// <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service's <c>StartAsync</c>, on the primary
    /// (see <see cref="NpgsqlMigrations.MigrateAsync"/>). A failure makes <c>host.StartAsync</c> throw the
    /// <see cref="MigrationException"/>; nothing else starts. Call once per data source.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="migrations">The PostgreSQL migrations, in any order.</param>
    /// <param name="serviceKey">The key the data source was registered under; null for the unkeyed one.</param>
    /// <remarks><c>services.AddHolonNpgsql().WithMigrations(migrations)</c> says the same.</remarks>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection MigrateNpgsqlDataSourceOnStartup(this IServiceCollection services, IReadOnlyList<Migration> migrations,
        object? serviceKey = null)
    {
        AddMigrationService(services, migrations, serviceKey, nameof(MigrateNpgsqlDataSourceOnStartup));
        return services;
    }

    /// <summary>The one implementation behind <see cref="MigrateNpgsqlDataSourceOnStartup"/> and <see cref="HolonNpgsqlBuilder.WithMigrations"/>.</summary>
    internal static void AddMigrationService(IServiceCollection services, IReadOnlyList<Migration> migrations, object? serviceKey, string method)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(migrations);
        if (migrations.Count == 0)
        {
            throw new ArgumentException(
                $"{method}: the migration list for data source {(serviceKey is null ? "(unkeyed)" : $"'{serviceKey}'")} is empty; "
                + "pass the PostgreSQL migrations (see the PostgreSQL page, \"Migrations\").",
                nameof(migrations));
        }

        // One hosted service per call; TryAddEnumerable would drop keyed twins.
        services.AddSingleton<IHostedService>(sp => new NpgsqlMigrationService(sp, serviceKey, migrations));
    }
}
