using System.Diagnostics;
using System.Globalization;
using Holon.Data.Npgsql;
using Npgsql;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// `--pg-changes`: commit → change-stream subscriber latency on the local primary (servers from .ci/pg). One writer
/// commits single-row inserts one at a time (the next only after every subscriber got the last, so nothing queues)
/// with synchronous_commit = on for its session (.ci/pg turns it off server-wide, which would hold each commit back
/// until the WAL writer flushes, and the WAL sender only sends flushed WAL). Measured from just before the INSERT is
/// sent (statement + commit + decoding + delivery), and from its acknowledgement (decoding + delivery beyond the ack).
/// </summary>
internal static class PostgresChangeLatencyProbe
{
    private const int Warmup = 100;
    private const int Commits = 1000;

    public static int Run()
    {
        string? primary = Environment.GetEnvironmentVariable("HOLON_PG_PRIMARY");
        if (string.IsNullOrWhiteSpace(primary))
        {
            Console.Error.WriteLine("--pg-changes needs HOLON_PG_PRIMARY: eval \"$(bash .ci/pg start)\"");
            return 2;
        }

        return RunAsync(primary).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string primary)
    {
        string schema = "holon_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = NpgsqlDataSource.Create(primary);
        await ExecuteAsync(admin, $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.items(id int PRIMARY KEY)");
        try
        {
            Console.WriteLine($"PostgreSQL change stream latency, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
                $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
            int next = 0;
            foreach (int subscribers in new[] { 1, 10 })
                next = await MeasureAsync(primary, schema, subscribers, next);
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP PUBLICATION IF EXISTS pub_{schema}; DROP SCHEMA {schema} CASCADE");
        }

        return 0;
    }

    private static async Task<int> MeasureAsync(string primary, string schema, int subscriberCount, int next)
    {
        var b = new NpgsqlConnectionStringBuilder(primary) { SearchPath = schema };
        await using var source = NpgsqlDataSource.Create(b.ConnectionString);
        await using var feed = await NpgsqlChangeFeed.StartAsync(source,
            new NpgsqlChangeFeedOptions { Publication = "pub_" + schema, Tables = ["items"] });
        var readers = Enumerable.Range(0, subscriberCount).Select(_ => feed.Changes.GetAsyncEnumerator()).ToArray();
        await using var writer = await source.OpenConnectionAsync();
        await using (var on = new NpgsqlCommand("SET synchronous_commit = on", writer)) await on.ExecuteNonQueryAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO items VALUES ($1)", writer);
        var id = new NpgsqlParameter<int>();
        insert.Parameters.Add(id);
        var fromSend = new List<double>(Commits);
        var fromAck = new List<double>(Commits);
        for (int i = 0; i < Warmup + Commits; i++)
        {
            id.TypedValue = ++next;
            long sent = Stopwatch.GetTimestamp();
            var delivered = readers.Select(r => NextAsync(r, next)).ToArray(); // each records when it got the row
            await insert.ExecuteNonQueryAsync();
            long acked = Stopwatch.GetTimestamp();
            var at = await Task.WhenAll(delivered);
            if (i < Warmup) continue;
            foreach (long t in at)
            {
                fromSend.Add(Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds);
                fromAck.Add((t - acked) * 1000.0 / Stopwatch.Frequency);
            }
        }

        foreach (var r in readers) await r.DisposeAsync();
        Report($"{subscriberCount} subscriber(s), {Commits} commits, from send", fromSend);
        Report($"{subscriberCount} subscriber(s), {Commits} commits, from ack ", fromAck);
        return next;
    }

    private static async Task<long> NextAsync(IAsyncEnumerator<NpgsqlChangeSet> reader, int expected)
    {
        if (!await reader.MoveNextAsync()) throw new InvalidOperationException("the change stream ended");
        long t = Stopwatch.GetTimestamp();
        string? key = reader.Current.Rows.Count == 1 ? reader.Current.Rows[0].Key[0] : null;
        if (key != expected.ToString(CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"expected row {expected}, got {reader.Current}");
        return t;
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
