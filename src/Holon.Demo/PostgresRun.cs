using System.Globalization;

namespace Holon.Demo;

/// <summary>--postgres: the same workload on PostgreSQL, then the same content hash as the SQLite run's.</summary>
internal static class PostgresRun
{
    public static async Task<int> RunAsync(string connectionString, WorkloadRunner runner, WorkloadPlan plan, string sqliteHash, long sqliteRows,
        CancellationToken ct)
    {
        Console.WriteLine();
        await using var backend = new PostgresBackend(connectionString);
        RunResult result;
        using (var progress = new Progress("PostgreSQL", plan.TotalOperations))
        {
            result = await runner.RunAsync(backend, progress, ct);
            progress.Finish();
        }
        var (hash, rows) = await backend.ContentHashAsync(ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL (generated store): {result.Operations:N0} operations in {result.Elapsed.TotalSeconds:F1} s, {rows:N0} rows, sha256 {hash}"));
        if (hash != sqliteHash)
        {
            Console.WriteLine($"FAILED: PostgreSQL's rows differ from SQLite's ({rows:N0} vs {sqliteRows:N0} rows).");
            return 1;
        }
        if (!result.WatchSawFinalState)
        {
            Console.WriteLine("FAILED: the [Watch] on PostgreSQL did not deliver the final state of the children it watched.");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL live query ([Watch] over logical replication): {result.WatchNotifications:N0} results, the last one the final state"));
        Console.WriteLine("PostgreSQL holds the same rows as both SQLite databases.");
        return 0;
    }
}
