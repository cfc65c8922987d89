using Holon.Data;
using Holon.Data.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds <see cref="SqlitePoolHealthCheck"/> to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class SqlitePoolHealthChecksBuilderExtensions
{
    /// <summary>The timeout used when none is given: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds a health check of the container's <see cref="SqlitePool"/> (or the keyed one when <paramref name="serviceKey"/>
    /// is set): rent a reader within <paramref name="timeout"/> and run <c>SELECT 1</c>. Degraded when the rent waited
    /// more than half the timeout; <paramref name="failureStatus"/> (default Unhealthy) on a timeout or an error.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name (default <c>"sqlite"</c>).</param>
    /// <param name="timeout">How long the rent and the query may take (default <see cref="DefaultTimeout"/>).</param>
    /// <param name="serviceKey">The key of a pool registered with <c>AddKeyedSqlitePool</c>; null for <c>AddSqlitePool</c>'s pool.</param>
    /// <param name="failureStatus">The status reported on failure (default Unhealthy).</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IHealthChecksBuilder AddSqlitePool(this IHealthChecksBuilder builder, string name = "sqlite", TimeSpan? timeout = null,
        object? serviceKey = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var limit = timeout ?? DefaultTimeout;
        if (limit <= TimeSpan.Zero || limit > TimeSpan.FromMilliseconds(int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, $"AddSqlitePool: the timeout of health check '{name}' must be positive.");

        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new SqlitePoolHealthCheck(
                serviceKey is null ? sp.GetRequiredService<SqlitePool>() : sp.GetRequiredKeyedService<SqlitePool>(serviceKey), limit),
            failureStatus,
            tags));
    }
}
