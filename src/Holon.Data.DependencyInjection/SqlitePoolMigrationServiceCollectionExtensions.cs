using Holon.Data;
using Holon.Data.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Applies migrations to registered <see cref="SqlitePool"/>s when the host starts.</summary>
public static class SqlitePoolMigrationServiceCollectionExtensions
{
    /// <summary>
    /// Applies <paramref name="migrations"/> (usually <c>HolonMigrations.All</c>) to the pool registered with
    /// <c>AddSqlitePool</c> (or, with <paramref name="serviceKey"/>, <c>AddKeyedSqlitePool</c>) while the host starts:
    /// in <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service's <c>StartAsync</c>. A
    /// failure makes <c>host.StartAsync</c> throw the <see cref="MigrationException"/>; nothing else starts.
    /// Call once per pool. Right after <c>AddSqlitePool</c>, <c>.WithMigrations(HolonMigrations.All)</c> says the same.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="migrations">The migrations, in any order; see <see cref="SqlitePool.MigrateAsync"/>.</param>
    /// <param name="serviceKey">The key the pool was registered under; null for <c>AddSqlitePool</c>'s pool.</param>
    /// <remarks>Right after the registration, <c>services.AddSqlitePool(…).WithMigrations(HolonMigrations.All)</c> says the same.</remarks>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection MigrateSqlitePoolOnStartup(this IServiceCollection services, IReadOnlyList<Migration> migrations,
        object? serviceKey = null)
    {
        AddMigrationService(services, migrations, serviceKey, nameof(MigrateSqlitePoolOnStartup));
        return services;
    }

    /// <summary>The one implementation behind <see cref="MigrateSqlitePoolOnStartup"/> and <see cref="SqlitePoolBuilder.WithMigrations"/>.</summary>
    internal static void AddMigrationService(IServiceCollection services, IReadOnlyList<Migration> migrations, object? serviceKey, string method)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(migrations);
        if (migrations.Count == 0)
        {
            throw new ArgumentException(
                $"{method}: the migration list for pool {(serviceKey is null ? "(unkeyed)" : $"'{serviceKey}'")} is empty; "
                + "pass HolonMigrations.All (built from the project's Migrations/*.sql files).",
                nameof(migrations));
        }

        // A hosted service per pool; AddSingleton<IHostedService>(factory) keeps one per call (TryAddEnumerable would drop keyed twins).
        services.AddSingleton<IHostedService>(sp => new SqlitePoolMigrationService(sp, serviceKey, migrations));
    }
}
