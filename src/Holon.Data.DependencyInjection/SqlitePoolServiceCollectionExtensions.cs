using Holon.Data;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SqlitePool"/> singletons in an <see cref="IServiceCollection"/>.</summary>
public static class SqlitePoolServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="SqlitePool"/> singleton for <paramref name="connectionString"/>. The pool is created on
    /// first use and disposed by the container (asynchronously where the host disposes asynchronously). Its
    /// <see cref="SqlitePoolOptions.LoggerFactory"/> is the container's <see cref="ILoggerFactory"/> unless
    /// <paramref name="configure"/> sets one.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string (see <see cref="SqlitePoolOptions.ConnectionString"/>).</param>
    /// <param name="configure">Adjusts the options before the pool is created (runs once, when the pool is first resolved).</param>
    /// <returns>
    /// A <see cref="SqlitePoolBuilder"/> for this pool (<c>.WithMigrations(HolonMigrations.All)</c>); it is also
    /// <paramref name="services"/>' collection, so other registrations chain after it.
    /// </returns>
    public static SqlitePoolBuilder AddSqlitePool(this IServiceCollection services, string connectionString, Action<SqlitePoolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        CheckConnectionString(connectionString, nameof(AddSqlitePool));
        services.AddSingleton(sp => Create(sp, connectionString, configure));
        return new SqlitePoolBuilder(services, serviceKey: null);
    }

    /// <summary>
    /// Registers a keyed <see cref="SqlitePool"/> singleton, for apps with several databases. Resolve it with
    /// <c>[FromKeyedServices(key)] SqlitePool pool</c> in a constructor (a generated store's primary constructor
    /// included) or <c>GetRequiredKeyedService&lt;SqlitePool&gt;(key)</c>. Disposal and logging as in
    /// <see cref="AddSqlitePool"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="key">The service key (for example <c>"notes"</c>).</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    /// <param name="configure">Adjusts the options before the pool is created.</param>
    /// <returns>A <see cref="SqlitePoolBuilder"/> for this pool (<c>.WithMigrations(…)</c>), which chains as the collection.</returns>
    public static SqlitePoolBuilder AddKeyedSqlitePool(this IServiceCollection services, object key, string connectionString, Action<SqlitePoolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(key);
        CheckConnectionString(connectionString, nameof(AddKeyedSqlitePool));
        services.AddKeyedSingleton(key, (sp, _) => Create(sp, connectionString, configure));
        return new SqlitePoolBuilder(services, key);
    }

    private static SqlitePool Create(IServiceProvider services, string connectionString, Action<SqlitePoolOptions>? configure)
    {
        var options = new SqlitePoolOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        return new SqlitePool(options);
    }

    private static void CheckConnectionString(string connectionString, string method)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                $"{method}: the connection string is empty; pass a Microsoft.Data.Sqlite connection string such as \"Data Source=app.db\".",
                nameof(connectionString));
        }
    }
}
