using System.Diagnostics;
using System.Globalization;
using Holon.Data;
using Holon.Data.Npgsql;
using Npgsql;

namespace Holon.Gen.Benchmarks;

/// <summary>A generated PostgreSQL watch, as a user writes it.</summary>
public sealed partial class PgWatchBench(NpgsqlDataSource db)
{
    [Watch("SELECT count(*) FROM items WHERE grp = @grp")]
    public partial IAsyncEnumerable<long> WatchCount(int grp, CancellationToken ct = default);
}

/// <summary>
/// `--pg-watch`: 1,000 [Watch] subscribers on 10 queries (100 per group) on the .ci/pg servers. Latency: one writer
/// (synchronous_commit = on for its session) inserts a row into group i % 10, one commit at a time, and the time runs
/// from just before the INSERT is sent until all 100 subscribers of that group hold the new count; once with the
/// refreshes on the primary, once on a multi-host source (refreshes on the standby, waiting for its replay).
/// Throughput: the same writer's autocommit inserts per second, without any watch and with the 1,000 watches.
/// </summary>
internal static class PostgresWatchProbe
{
    private const int Warmup = 50;
    private const int Commits = 1000;
    private const int ThroughputCommits = 3000;

    public static int Run()
    {
        string? primary = Environment.GetEnvironmentVariable("HOLON_PG_PRIMARY");
        string? standby = Environment.GetEnvironmentVariable("HOLON_PG_STANDBY");
        if (string.IsNullOrWhiteSpace(primary) || string.IsNullOrWhiteSpace(standby))
        {
            Console.Error.WriteLine("--pg-watch needs HOLON_PG_PRIMARY and HOLON_PG_STANDBY: eval \"$(bash .ci/pg start)\"");
            return 2;
        }
        return RunAsync(primary, standby).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string primary, string standby)
    {
        Console.WriteLine($"PostgreSQL [Watch], {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
            $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        await using var admin = NpgsqlDataSource.Create(primary);
        await using (var c = await admin.OpenConnectionAsync())
        await using (var cmd = new NpgsqlCommand("SHOW synchronous_commit", c))
        {
            Console.WriteLine($"  server synchronous_commit = {await cmd.ExecuteScalarAsync()} (the writer sets it on for its session)");
        }
        foreach (bool onStandby in new[] { false, true })
        {
            string schema = "holon_wbench_" + Guid.NewGuid().ToString("N")[..8];
            await ExecuteAsync(admin, $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.items(id int PRIMARY KEY, grp int NOT NULL)");
            try
            {
                await MeasureAsync(primary, standby, schema, onStandby);
            }
            finally
            {
                await ExecuteAsync(admin, $"DROP PUBLICATION IF EXISTS pub_{schema}; DROP SCHEMA {schema} CASCADE");
            }
        }
        Console.WriteLine($"  load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task MeasureAsync(string primary, string standby, string schema, bool onStandby)
    {
        var b = new NpgsqlConnectionStringBuilder(primary) { SearchPath = schema };
        var s = new NpgsqlConnectionStringBuilder(standby);
        NpgsqlDataSource source = onStandby
            ? new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(b.ConnectionString) { Host = $"{b.Host}:{b.Port},{s.Host}:{s.Port}" }.ConnectionString).BuildMultiHost()
            : NpgsqlDataSource.Create(b.ConnectionString);
        await using var _ = source;
        await using var writerSource = NpgsqlDataSource.Create(b.ConnectionString);
        await using var writer = await writerSource.OpenConnectionAsync();
        await using (var on = new NpgsqlCommand("SET synchronous_commit = on", writer)) await on.ExecuteNonQueryAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO items VALUES ($1, $2)", writer);
        var id = new NpgsqlParameter<int>();
        var grp = new NpgsqlParameter<int>();
        insert.Parameters.Add(id);
        insert.Parameters.Add(grp);
        int next = 0;
        string where = onStandby ? "refreshes on the standby" : "refreshes on the primary";

        if (!onStandby)
        {
            double bare = await ThroughputAsync(insert, id, grp, () => ++next);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  writer, no watch: {bare:F0} commits/s ({ThroughputCommits} commits)"));
        }

        var watcher = NpgsqlWatcher.Configure(source, new NpgsqlWatchOptions { Publication = "pub_" + schema });
        await using var watcherScope = watcher;
        var store = new PgWatchBench(source);
        using var stop = new CancellationTokenSource();
        var counts = new long[10];
        await using (var read = new NpgsqlCommand("SELECT grp, count(*) FROM items GROUP BY grp", writer))
        await using (var rows = await read.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync()) counts[rows.GetInt32(0)] = rows.GetInt64(1);
        }
        var target = new long[10];
        var remaining = new int[10];
        var done = new TaskCompletionSource<long>[10];
        for (int g = 0; g < 10; g++) done[g] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscribers = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            int g = i % 10;
            await foreach (var count in store.WatchCount(g, stop.Token))
            {
                if (count == Volatile.Read(ref target[g]) && Interlocked.Decrement(ref remaining[g]) == 0)
                {
                    done[g].TrySetResult(Stopwatch.GetTimestamp());
                }
            }
        })).ToArray();
        while (watcher.Statistics.ActiveWatches < 1000 || watcher.Statistics.Emissions < 1000) await Task.Delay(10);

        var fromSend = new List<double>(Commits);
        for (int i = 0; i < Warmup + Commits; i++)
        {
            int g = i % 10;
            id.TypedValue = ++next;
            grp.TypedValue = g;
            counts[g]++;
            done[g] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref remaining[g], 100);
            Volatile.Write(ref target[g], counts[g]);
            long sent = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync();
            long at = await done[g].Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (i >= Warmup) fromSend.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }
        Report($"commit -> 100 subscribers of the changed query, 1,000 watches on 10 queries, {where}", fromSend);

        if (!onStandby)
        {
            // The subscribers keep reading; the targets no longer match, so they only follow.
            for (int g = 0; g < 10; g++) Volatile.Write(ref target[g], -1);
            double watched = await ThroughputAsync(insert, id, grp, () => ++next);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  writer, 1,000 watches on 10 queries: {watched:F0} commits/s ({ThroughputCommits} commits); refreshes {watcher.Statistics.Refreshes}"));
        }
        else
        {
            Console.WriteLine($"  standby waits {watcher.StandbyWaits}, primary fallbacks {watcher.PrimaryFallbacks}");
        }
        stop.Cancel();
        await Task.WhenAll(subscribers).ContinueWith(_ => { });
        await watcher.DisposeAsync();
        if (!onStandby)
        {
            // Again without watches, so load drift between the rounds shows.
            double bare = await ThroughputAsync(insert, id, grp, () => ++next);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  writer, no watch (again, after): {bare:F0} commits/s ({ThroughputCommits} commits)"));
        }
    }

    private static async Task<double> ThroughputAsync(NpgsqlCommand insert, NpgsqlParameter<int> id, NpgsqlParameter<int> grp, Func<int> nextId)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < ThroughputCommits; i++)
        {
            id.TypedValue = nextId();
            grp.TypedValue = i % 10;
            await insert.ExecuteNonQueryAsync();
        }
        return ThroughputCommits / sw.Elapsed.TotalSeconds;
    }

    private static void Report(string what, List<double> ms)
    {
        ms.Sort();
        double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: p50 {P(0.50):F3} ms  p99 {P(0.99):F3} ms  max {ms[^1]:F3} ms  (n = {ms.Count})"));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var c = await source.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
