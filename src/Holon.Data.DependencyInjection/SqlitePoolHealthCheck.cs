using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Holon.Data.DependencyInjection;

/// <summary>
/// Checks a <see cref="SqlitePool"/>: rents a reader within the timeout and runs <c>SELECT 1</c>. Healthy when that
/// works at once; Degraded when the rent waited more than half the timeout; the registration's failure status
/// (Unhealthy by default) on a timeout or an error. The result's data carries <c>ConnectionsInUse</c> and
/// <c>LeaseWaits</c> from <see cref="SqlitePool.Statistics"/>.
/// </summary>
public sealed class SqlitePoolHealthCheck : IHealthCheck
{
    private readonly SqlitePool _pool;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a check of <paramref name="pool"/> whose rent and query must finish within <paramref name="timeout"/>.</summary>
    public SqlitePoolHealthCheck(SqlitePool pool, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                $"SqlitePoolHealthCheck: the timeout of the check of pool '{pool.Name}' must be positive and at most {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        }

        _pool = pool;
        _timeout = timeout;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        long start = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            TimeSpan waited;
            long one;
            using (var lease = await _pool.RentReaderAsync(timeout.Token).ConfigureAwait(false))
            {
                waited = Stopwatch.GetElapsedTime(start);
                one = lease.Scalar<long>("SELECT 1");
            }

            if (one != 1) return new HealthCheckResult(failure, $"SELECT 1 on pool '{_pool.Name}' returned {one}.", data: Data());
            if (waited > _timeout / 2)
            {
                return HealthCheckResult.Degraded(
                    $"Pool '{_pool.Name}' answered, but renting a reader took {waited.TotalMilliseconds:0} ms (more than half of the {_timeout.TotalMilliseconds:0} ms timeout).",
                    data: Data());
            }

            return HealthCheckResult.Healthy($"Pool '{_pool.Name}' answered SELECT 1 in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0.#} ms.", Data());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure,
                $"Pool '{_pool.Name}': no reader within the {_timeout.TotalMilliseconds:0} ms timeout of the health check.", data: Data());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(failure, $"Pool '{_pool.Name}': {e.Message}", e, Data());
        }
    }

    private Dictionary<string, object> Data()
    {
        var s = _pool.Statistics;
        return new Dictionary<string, object>
        {
            ["ConnectionsInUse"] = s.ConnectionsInUse,
            ["LeaseWaits"] = s.LeaseWaits,
        };
    }
}
