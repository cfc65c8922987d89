using System.Diagnostics;
using System.Globalization;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>A watch on a table the writer never touches (one registration per id).</summary>
public sealed partial class BenchTagWatchStore(SqlitePool pool)
{
    [Watch("SELECT label FROM tags WHERE id = @id")]
    public partial IAsyncEnumerable<string?> WatchTag(long id, CancellationToken ct = default);
}

/// <summary>
/// <c>--watch</c>: the watch targets in one run. Writer throughput (single-row autocommit UPDATEs of
/// <c>blocks</c>) with no watch, 100 watches on 100 distinct queries, 1,000 watches on 10 distinct queries and
/// 1,000 watches on a table the commits never touch, in interleaved rounds (HOLON_WATCH_ROUNDS, default 3), each
/// round a fresh pool; reported per scenario: commits/s (wall clock) and the writer thread's CPU time per commit,
/// medians over the rounds, and their ratios to the no-watch baseline. Then commit → the 100 subscribers of the
/// changed query have the new row, with 1,000 watches (p50/p99), and the memory one more subscriber of a shared
/// watch keeps (retained bytes after a full GC). Linux only (CLOCK_THREAD_CPUTIME_ID).
/// </summary>
internal static class WatchProbe
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("HOLON_WATCH_ROUNDS"), out var r) && r > 0 ? r : 3;
    private static readonly int Commits = int.TryParse(Environment.GetEnvironmentVariable("HOLON_WATCH_COMMITS"), out var n) && n > 0 ? n : 5000;

    private sealed record Scenario(string Name, int Watches, int Distinct, bool Untouched);

    public static int Run()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("--watch needs Linux (CLOCK_THREAD_CPUTIME_ID).");
            return 2;
        }
        using var db = BenchDatabase.Create();
        using (var setup = new SqlitePool(new SqlitePoolOptions { ConnectionString = db.ConnectionString(pooling: false) }))
        {
            using var lease = setup.RentWriter();
            lease.Execute("CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
            for (int i = 0; i < 1000; i++) lease.Execute("INSERT OR REPLACE INTO tags (id, label) VALUES (?1, ?2)", i, "tag" + i);
        }
        Console.WriteLine($"// database: {db.Path}; load average: {LoadAverage()}");

        Scenario[] scenarios =
        [
            new("none", 0, 0, false),
            new("100 watches / 100 queries", 100, 100, false),
            new("1000 watches / 10 queries", 1000, 10, false),
            new("1000 watches / untouched table", 1000, 1000, true),
        ];
        var wall = scenarios.ToDictionary(s => s, _ => new List<double>());
        var cpu = scenarios.ToDictionary(s => s, _ => new List<double>());
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var s in scenarios)
            {
                var (commitsPerSecond, cpuNsPerCommit, stats) = Throughput(db, s);
                wall[s].Add(commitsPerSecond);
                cpu[s].Add(cpuNsPerCommit);
                Console.WriteLine(string.Create(C,
                    $"// round {round + 1} {s.Name}: {commitsPerSecond:N0} commits/s, writer CPU {cpuNsPerCommit / 1000:0.0} us/commit; registrations {stats.Registrations}, refreshes {stats.Refreshes}, coalesced {stats.CoalescedRefreshes}, emissions {stats.Emissions}; load {LoadAverage()}"));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Writer throughput, median of {Rounds} rounds x {Commits} commits (ratio to none; CPU ratio = none's CPU/commit over this one's):");
        double baseWall = Median(wall[scenarios[0]]), baseCpu = Median(cpu[scenarios[0]]);
        foreach (var s in scenarios)
        {
            double w = Median(wall[s]), c = Median(cpu[s]);
            Console.WriteLine(string.Create(C, $"  {s.Name,-32} {w,10:N0} commits/s  {w / baseWall:0.00}x   writer CPU {c / 1000,6:0.0} us/commit  {baseCpu / c:0.00}x"));
        }

        Latency(db);
        MemoryPerSubscriber(db);
        Console.WriteLine($"// load average at the end: {LoadAverage()}");
        return 0;
    }

    private static SqlitePool NewPool(BenchDatabase db) => new(new SqlitePoolOptions { ConnectionString = db.ConnectionString(pooling: false) });

    private static (double CommitsPerSecond, double CpuNsPerCommit, WatchStatistics Stats) Throughput(BenchDatabase db, Scenario s)
    {
        using var pool = NewPool(db);
        using var cts = new CancellationTokenSource();
        var consumers = StartWatches(db, pool, s, cts.Token);
        var targets = Enumerable.Range(0, s.Distinct is > 0 and <= 100 ? s.Distinct : 100)
            .Select(root => db.Ids[root * (BenchDatabase.ChildrenPerRoot + 1) + 1]).ToArray();
        long counter = 0;
        void Commit()
        {
            long k = ++counter;
            using var lease = pool.RentWriter();
            lease.Execute("UPDATE blocks SET content = ?1 WHERE id = ?2", "w" + k.ToString(C), targets[k % targets.Length]);
        }
        for (int i = 0; i < 500; i++) Commit(); // warm-up
        long cpu0 = CpuTimeProbe.ThreadCpuNs();
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < Commits; i++) Commit();
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        long cpuNs = CpuTimeProbe.ThreadCpuNs() - cpu0;
        var stats = pool.WatchStatistics;
        cts.Cancel();
        Task.WaitAll(consumers);
        return (Commits / seconds, (double)cpuNs / Commits, stats);
    }

    private static Task[] StartWatches(BenchDatabase db, SqlitePool pool, Scenario s, CancellationToken ct)
    {
        var store = new BenchWatchStore(pool);
        var tags = new BenchTagWatchStore(pool);
        var ready = new CountdownEvent(s.Watches);
        var tasks = new Task[s.Watches];
        for (int w = 0; w < s.Watches; w++)
        {
            int q = w % s.Distinct;
            tasks[w] = s.Untouched
                ? Task.Run(async () =>
                {
                    bool first = true;
                    await foreach (var _ in tags.WatchTag(q, ct)) if (first) { first = false; ready.Signal(); }
                }, CancellationToken.None)
                : Task.Run(async () =>
                {
                    bool first = true;
                    await foreach (var _ in store.WatchChildren(db.RootIds[q], ct)) if (first) { first = false; ready.Signal(); }
                }, CancellationToken.None);
        }
        if (!ready.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("watches did not start");
        return tasks;
    }

    /// <summary>1,000 subscribers on 10 queries; each operation updates the first child of one root and waits until
    /// all 100 subscribers of that root's query have the new content. Time: just before the autocommit UPDATE → the
    /// last of the 100 receives it.</summary>
    private static void Latency(BenchDatabase db)
    {
        const int Distinct = 10, PerQuery = 100, Warmup = 100, Ops = 1000;
        using var pool = NewPool(db);
        using var cts = new CancellationTokenSource();
        var store = new BenchWatchStore(pool);
        var expected = new string?[Distinct];
        var remaining = new int[Distinct];
        var arrived = new TaskCompletionSource<long>?[Distinct];
        var ready = new CountdownEvent(Distinct * PerQuery);
        var tasks = new List<Task>();
        for (int w = 0; w < Distinct * PerQuery; w++)
        {
            int q = w % Distinct;
            tasks.Add(Task.Run(async () =>
            {
                bool first = true;
                string? counted = null;
                await foreach (var list in store.WatchChildren(db.RootIds[q], cts.Token))
                {
                    long now = Stopwatch.GetTimestamp();
                    if (first) { first = false; ready.Signal(); }
                    var want = Volatile.Read(ref expected[q]);
                    if (want is null || !ContainsContent(list, want) || ReferenceEquals(counted, want)) continue;
                    counted = want;
                    if (Interlocked.Decrement(ref remaining[q]) == 0) Volatile.Read(ref arrived[q])?.TrySetResult(now);
                }
            }, CancellationToken.None));
        }
        if (!ready.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("watches did not start");
        var samples = new List<double>(Ops);
        for (int i = 0; i < Warmup + Ops; i++)
        {
            int q = i % Distinct;
            string value = "L" + i.ToString(C);
            var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref remaining[q], PerQuery);
            Volatile.Write(ref arrived[q], tcs);
            Volatile.Write(ref expected[q], value);
            long start = Stopwatch.GetTimestamp();
            using (var lease = pool.RentWriter())
            {
                lease.Execute("UPDATE blocks SET content = ?1 WHERE id = ?2", value, db.Ids[q * (BenchDatabase.ChildrenPerRoot + 1) + 1]);
            }
            if (!tcs.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("subscribers did not receive the commit");
            if (i >= Warmup) samples.Add(Stopwatch.GetElapsedTime(start, tcs.Task.Result).TotalMilliseconds);
        }
        var stats = pool.WatchStatistics;
        cts.Cancel();
        Task.WaitAll([.. tasks]);
        var sorted = samples.Order().ToArray();
        Console.WriteLine(string.Create(C,
            $"Commit -> all 100 subscribers of the changed query have the new row, 1000 watches on 10 queries, n={sorted.Length}: p50 {Pct(sorted, 50):0.000} ms, p99 {Pct(sorted, 99):0.000} ms, max {sorted[^1]:0.000} ms; refreshes {stats.Refreshes}, registrations {stats.Registrations}; load {LoadAverage()}"));
    }

    /// <summary>Retained bytes per extra subscriber of one shared watch, each parked in MoveNextAsync (the steady state).</summary>
    private static void MemoryPerSubscriber(BenchDatabase db)
    {
        const int Extra = 2000;
        using var pool = NewPool(db);
        using var cts = new CancellationTokenSource();
        var store = new BenchWatchStore(pool);
        string root = db.RootIds[0];
        var enumerators = new IAsyncEnumerator<IReadOnlyList<Block>>[Extra + 1];
        var pending = new ValueTask<bool>[Extra + 1];
        enumerators[0] = store.WatchChildren(root, cts.Token).GetAsyncEnumerator();
        if (!enumerators[0].MoveNextAsync().AsTask().Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException();
        pending[0] = enumerators[0].MoveNextAsync();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 1; i <= Extra; i++)
        {
            var e = store.WatchChildren(root, cts.Token).GetAsyncEnumerator();
            if (!e.MoveNextAsync().AsTask().Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException();
            enumerators[i] = e;
            pending[i] = e.MoveNextAsync();
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        var stats = pool.WatchStatistics;
        Console.WriteLine(string.Create(C,
            $"Memory per additional subscriber of a shared watch (retained after full GC, {Extra} subscribers parked in MoveNextAsync): {(after - before) / (double)Extra:0} bytes; registrations {stats.Registrations}, subscribers {stats.ActiveWatches}"));
        GC.KeepAlive(enumerators);
        cts.Cancel();
        foreach (var p in pending) _ = p.AsTask().Wait(TimeSpan.FromSeconds(30));
        foreach (var e in enumerators) e.DisposeAsync().AsTask().Wait();
    }

    private static bool ContainsContent(IReadOnlyList<Block> list, string content)
    {
        foreach (var b in list)
        {
            if (b.Content == content) return true;
        }
        return false;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Pct(double[] sorted, int p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }
}
