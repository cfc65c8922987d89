using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// `--pg`: the PostgreSQL point lookup in process (no per-benchmark build, which times out on a busy machine),
/// then Generated against the targets: time ≤ 1.10× Floor, allocation within 10% of Floor.
/// </summary>
internal static class PostgresQuickRun
{
    public static int Run()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "holon-bench-artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<PostgresPointLookup>(config);
        var c = CultureInfo.InvariantCulture;
        var byName = summary.Reports.Where(r => r.Success && r.ResultStatistics is not null)
            .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name);
        if (!byName.TryGetValue("Floor", out var floor) || !byName.TryGetValue("Generated", out var generated)) return 1;
        Console.WriteLine();
        Console.WriteLine($"PostgreSQL point lookup, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (name, r) in byName)
        {
            double median = r.ResultStatistics!.Median / 1000;
            long bytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1;
            Console.WriteLine(string.Create(c, $"  {name,-10} median {median,8:F1} µs  min {r.ResultStatistics.Min / 1000,8:F1} µs  {bytes,6} B/op"));
        }
        double timeRatio = generated.ResultStatistics!.Median / floor.ResultStatistics!.Median;
        double floorBytes = floor.GcStats.GetBytesAllocatedPerOperation(floor.BenchmarkCase) ?? 0;
        double allocRatio = (generated.GcStats.GetBytesAllocatedPerOperation(generated.BenchmarkCase) ?? 0) / floorBytes;
        Console.WriteLine(string.Create(c, $"  Generated/Floor: time {timeRatio:F3}× (target ≤ 1.10), allocation {allocRatio:F3}× (target ≤ 1.10)"));
        return 0;
    }
}
