using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--quick</c>: every scenario and strategy in one process with short iterations (well under 2 minutes), then one
/// line per scenario with the ratios and allocations, and a loud line for every point-lookup target that is missed.
/// Ratios use each case's median time per operation (less sensitive to other load on a shared machine than the mean).
/// Short runs are noisier than the full run; the targets are still checked against them, never loosened.
/// </summary>
internal static class QuickRun
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static readonly Type[] ScenarioTypes =
        [typeof(PointLookup), typeof(ChildListing), typeof(SingleInsert), typeof(InsertBatch), typeof(ConcurrentLookup)];

    private static readonly string[] Peers = ["CachedCommand", "Dapper", "PerOpPooled", "PerOpNoPool"];

    private static readonly string[] StrategyOrder = ["Generated", "GeneratedValueTask", "Floor", .. Peers, "DapperAot", "EfCoreCompiled", "SqliteNet"];

    public static int Run()
    {
        string loadBefore = LoadAverage();
        var started = DateTime.UtcNow;
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(100));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(new ProgressLogger())
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "holon-bench-artifacts"))
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);

        var summaries = BenchmarkRunner.Run(ScenarioTypes, config);
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        var elapsed = DateTime.UtcNow - started;

        var results = new Results(reports);
        Console.WriteLine();
        Console.WriteLine($"Holon.Gen quick benchmarks — {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"load average before: {loadBefore}; after: {LoadAverage()}; took {elapsed.TotalSeconds:F0} s. Other work on the machine makes these numbers noisy.");
        Console.WriteLine();
        PrintTable(results);
        Console.WriteLine();

        foreach (var scenario in new[] { "PointLookup", "ChildListing", "SingleInsert", "InsertBatch" })
        {
            Console.WriteLine(ScenarioLine(results, scenario, threads: null));
        }

        Console.WriteLine(ConcurrentLine(results));
        Console.WriteLine();

        var missed = CheckTargets(results);
        if (missed.Count == 0)
        {
            Console.WriteLine("All targets met in this run.");
            return 0;
        }

        foreach (var line in missed)
        {
            Console.WriteLine("!!! TARGET MISSED: " + line);
        }

        Console.WriteLine($"!!! {missed.Count} target(s) missed (see above).");
        return 1;
    }

    private static void PrintTable(Results results)
    {
        // Targets are judged on the median; the fastest iteration is shown too, since on a shared machine it is the
        // one least disturbed by other work.
        Console.WriteLine($"| {"scenario",-16} | {"strategy",-18} | {"threads",7} | {"median",12} | {"fastest iter.",13} | {"allocated/op",12} |");
        Console.WriteLine($"|{new string('-', 18)}|{new string('-', 20)}|{new string('-', 8)}:|{new string('-', 13)}:|{new string('-', 14)}:|{new string('-', 13)}:|");
        foreach (var r in results.All)
        {
            Console.WriteLine($"| {r.Scenario,-16} | {r.Strategy,-18} | {r.Threads?.ToString(C) ?? "",7} | {Time(r.MedianNs),12} | {Time(r.MinNs),13} | {Bytes(r.Bytes),12} |");
        }
    }

    private static string ScenarioLine(Results results, string scenario, int? threads)
    {
        var gen = results.Find(scenario, "Generated", threads);
        var genVt = results.Find(scenario, "GeneratedValueTask", threads);
        var floor = results.Find(scenario, "Floor", threads);
        var parts = new List<string>
        {
            $"generated/floor {Ratio(gen, floor)} (ValueTask {Ratio(genVt, floor)}; fastest iterations {MinRatio(gen, floor)}, {MinRatio(genVt, floor)})",
        };
        foreach (var peer in Peers)
        {
            parts.Add($"/{peer} {Ratio(gen, results.Find(scenario, peer, threads))}");
        }

        parts.Add($"alloc generated {Bytes(gen?.Bytes)}, ValueTask {Bytes(genVt?.Bytes)}, floor {Bytes(floor?.Bytes)}");
        return $"{scenario,-16} " + string.Join("; ", parts);
    }

    private static string ConcurrentLine(Results results)
    {
        string Scaling(string strategy)
        {
            var one = results.Find("ConcurrentLookup", strategy, 1);
            var two = results.Find("ConcurrentLookup", strategy, 2);
            return one is null || two is null ? "n/a" : (one.MedianNs / two.MedianNs).ToString("F2", C) + "x";
        }

        var gen2 = results.Find("ConcurrentLookup", "Generated", 2);
        return $"{"ConcurrentLookup",-16} 2-thread/1-thread throughput: generated {Scaling("Generated")}, floor {Scaling("Floor")}, cached command {Scaling("CachedCommand")}; " +
               $"generated/floor at 2 threads {Ratio(gen2, results.Find("ConcurrentLookup", "Floor", 2))}; alloc generated {Bytes(gen2?.Bytes)}";
    }

    /// <summary>The targets: ratios to the floor and to the peers.</summary>
    private static List<string> CheckTargets(Results results)
    {
        var missed = new List<string>();
        void AtMost(string what, Result? a, Result? b, double limit)
        {
            if (a is null || b is null) { missed.Add($"{what}: not measured"); return; }
            double r = a.MedianNs / b.MedianNs;
            if (r > limit) missed.Add($"{what}: {r:F2}x, target <= {limit:F2}x ({Time(a.MedianNs)} vs {Time(b.MedianNs)})");
        }

        void Faster(string what, Result? gen, Result? peer, double factor)
        {
            if (gen is null || peer is null) { missed.Add($"{what}: not measured"); return; }
            double r = peer.MedianNs / gen.MedianNs;
            if (r < factor) missed.Add($"{what}: {r:F2}x faster, target >= {factor:F1}x ({Time(gen.MedianNs)} vs {Time(peer.MedianNs)})");
        }

        var gen = results.Find("PointLookup", "Generated", null);
        var genVt = results.Find("PointLookup", "GeneratedValueTask", null);
        var floor = results.Find("PointLookup", "Floor", null);
        AtMost("point lookup, generated (sync) vs floor", gen, floor, 1.10);
        AtMost("point lookup, generated (ValueTask) vs floor", genVt, floor, 1.10);
        foreach (var g in new[] { gen, genVt })
        {
            // Bytes/op is a run's total divided by its operations, so a one-off allocation elsewhere in the process
            // shows as a byte or two; any real per-call allocation is at least 24 B.
            if (g is not null && floor is not null && (g.Bytes is null || floor.Bytes is null || Math.Abs(g.Bytes.Value - floor.Bytes.Value) >= 8))
            {
                missed.Add($"point lookup, {g.Strategy} allocates {Bytes(g.Bytes)}/op, the floor {Bytes(floor.Bytes)}/op: target is equal");
            }
        }

        Faster("point lookup, generated vs Dapper", gen, results.Find("PointLookup", "Dapper", null), 3.0);
        Faster("point lookup, generated vs per-operation with pooling", gen, results.Find("PointLookup", "PerOpPooled", null), 2.4);
        Faster("point lookup, generated vs per-operation without pooling", gen, results.Find("PointLookup", "PerOpNoPool", null), 15.0);
        AtMost("1,000 inserts in one transaction, generated (sync) vs floor", results.Find("InsertBatch", "Generated", null), results.Find("InsertBatch", "Floor", null), 1.10);
        AtMost("1,000 inserts in one transaction, generated (ValueTask) vs floor", results.Find("InsertBatch", "GeneratedValueTask", null), results.Find("InsertBatch", "Floor", null), 1.10);

        var one = results.Find("ConcurrentLookup", "Generated", 1);
        var two = results.Find("ConcurrentLookup", "Generated", 2);
        if (one is null || two is null)
        {
            missed.Add("point lookups from 2 threads: not measured");
        }
        else if (one.MedianNs / two.MedianNs < 1.6)
        {
            missed.Add($"point lookups from 2 threads: {one.MedianNs / two.MedianNs:F2}x the 1-thread throughput, target >= 1.6x");
        }

        return missed;
    }

    private static string Ratio(Result? a, Result? b) => a is null || b is null ? "n/a" : (a.MedianNs / b.MedianNs).ToString("F2", C);

    private static string MinRatio(Result? a, Result? b) => a is null || b is null ? "n/a" : (a.MinNs / b.MinNs).ToString("F2", C);

    private static string Time(double ns) => ns switch
    {
        >= 1_000_000 => (ns / 1_000_000).ToString("F2", C) + " ms",
        >= 1_000 => (ns / 1_000).ToString("F2", C) + " µs",
        _ => ns.ToString("F0", C) + " ns",
    };

    private static string Bytes(long? bytes) => bytes is null ? "n/a" : bytes.Value.ToString("N0", C) + " B";

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private sealed record Result(string Scenario, string Strategy, int? Threads, double MedianNs, double MinNs, long? Bytes);

    private sealed class Results
    {
        public Results(IEnumerable<BenchmarkReport> reports)
        {
            All = reports
                .Where(r => r.ResultStatistics is not null)
                .Select(r => new Result(
                    r.BenchmarkCase.Descriptor.Type.Name,
                    r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                    r.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ConcurrentLookup.Threads))?.Value as int?,
                    r.ResultStatistics!.Median,
                    r.ResultStatistics!.Min,
                    r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
                .OrderBy(r => Array.FindIndex(ScenarioTypes, t => t.Name == r.Scenario))
                .ThenBy(r => r.Threads)
                .ThenBy(r => Array.IndexOf(StrategyOrder, r.Strategy))
                .ToList();
        }

        public List<Result> All { get; }

        public Result? Find(string scenario, string strategy, int? threads) =>
            All.FirstOrDefault(r => r.Scenario == scenario && r.Strategy == strategy && r.Threads == threads);
    }

    /// <summary>Shows which case is running and any error, instead of BenchmarkDotNet's full log.</summary>
    private sealed class ProgressLogger : ILogger
    {
        public string Id => nameof(ProgressLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error) Console.Error.Write(text);
        }

        public void WriteLine() { }

        public void WriteLine(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error)
            {
                Console.Error.WriteLine(text);
            }
            else if (text.StartsWith("// Benchmark: ", StringComparison.Ordinal))
            {
                Console.WriteLine(text[3..]);
            }
        }

        public void Flush() => Console.Out.Flush();
    }
}
