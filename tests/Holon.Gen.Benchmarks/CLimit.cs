using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using SQLitePCL;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--c-limit</c>: the physical limit beside the managed strategies. <c>native/limit.c</c> runs the point lookup and
/// the child listing from C, built with <c>cc</c> against the very <c>libe_sqlite3.so</c> this process loaded, on a
/// database made by the same <see cref="BenchDatabase"/> code (same seed: same rows, same id order). Then
/// BenchmarkDotNet runs the managed strategies in this process, then C runs again; each managed median is divided by
/// the lower of C's two medians. Without a C compiler the mode says so and runs nothing.
/// </summary>
internal static class CLimit
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static readonly string[] Workloads = ["PointLookup", "ChildListing"];

    public static int Run()
    {
        if (FindOnPath("cc") is not { } cc)
        {
            Console.WriteLine("C limit: no C compiler (cc) on PATH, so there is no C limit to compare with; skipped.");
            return 0;
        }

        string library = LoadedSqliteLibrary();
        string work = Directory.CreateTempSubdirectory("holon-c-limit-").FullName;
        try
        {
            string program = Compile(cc, library, work);
            using var db = BenchDatabase.Create();
            string ids = Path.Combine(work, "ids.txt"), parents = Path.Combine(work, "parents.txt");
            File.WriteAllLines(ids, db.LookupIds);
            File.WriteAllLines(parents, db.LookupParents);
            string Args() => $"\"{db.Path}\" \"{ids}\" \"{parents}\" 7 100000 20000";

            string load = LoadAverage();
            var before = RunC(program, Args());
            var managed = RunManaged();
            var after = RunC(program, Args());
            Print(library, before, after, managed, load);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The libe_sqlite3.so mapped into this process once SQLitePCLRaw is initialized: what every strategy calls.</summary>
    internal static string LoadedSqliteLibrary()
    {
        Batteries_V2.Init();
        _ = raw.sqlite3_libversion_number();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.EndsWith("libe_sqlite3.so", StringComparison.Ordinal)) return line[slash..];
        }

        throw new InvalidOperationException("libe_sqlite3.so is not mapped into this process; the C limit needs the same library.");
    }

    internal static string Compile(string cc, string library, string work)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "native", "limit.c");
        string output = Path.Combine(work, "limit");
        string folder = Path.GetDirectoryName(library)!;
        var (code, text) = Exec(cc, $"-O2 -Wall -Wextra -Werror -o \"{output}\" \"{source}\" -L\"{folder}\" -l:libe_sqlite3.so -Wl,-rpath,\"{folder}\" -lm");
        if (code != 0) throw new InvalidOperationException($"cc failed ({code}):\n{text}");
        return output;
    }

    internal sealed record CResult(string SourceId, Dictionary<string, (double Best, double Median)> Workloads);

    internal static CResult RunC(string program, string args)
    {
        var (code, text) = Exec(program, args);
        if (code != 0) throw new InvalidOperationException($"the C limit program failed ({code}):\n{text}");
        string sourceId = "";
        var workloads = new Dictionary<string, (double, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("source_id ", StringComparison.Ordinal)) { sourceId = line["source_id ".Length..]; continue; }
            var parts = line.Split(' ');
            double Field(string name) => double.Parse(parts.First(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], C);
            workloads[parts[0]] = (Field("best_ns"), Field("median_ns"));
        }

        return new CResult(sourceId, workloads);
    }

    private sealed record Managed(string Workload, string Strategy, double MedianNs, long? Bytes);

    private static List<Managed> RunManaged()
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1)
            .WithWarmupCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(200));
        var config = ManualConfig.CreateEmpty().AddJob(job).AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "holon-bench-artifacts"))
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        var summaries = BenchmarkRunner.Run([typeof(PointLookup), typeof(ChildListing)], config);
        return summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Where(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name is not ("PerOpNoPool" or "PerOpPooled"))
            .Select(r => new Managed(r.BenchmarkCase.Descriptor.Type.Name, r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.ResultStatistics!.Median, r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
    }

    private static void Print(string library, CResult before, CResult after, List<Managed> managed, string load)
    {
        Console.WriteLine();
        Console.WriteLine($"C limit — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
                          $"load average before {load}, after {LoadAverage()}");
        Console.WriteLine($"library {library}");
        Console.WriteLine($"sqlite_source_id: managed {raw.sqlite3_sourceid().utf8_to_string()}; C {before.SourceId}");
        Console.WriteLine();
        Console.WriteLine("| workload | strategy | median | ratio to C | allocated/op |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var workload in Workloads)
        {
            var c1 = before.Workloads[workload];
            var c2 = after.Workloads[workload];
            double limit = Math.Min(c1.Median, c2.Median);
            Console.WriteLine($"| {workload} | C limit (median of 7 rounds; best {Time(Math.Min(c1.Best, c2.Best))}) | {Time(limit)} | 1.00 | |");
            foreach (var m in managed.Where(m => m.Workload == workload).OrderBy(m => m.MedianNs))
            {
                Console.WriteLine($"| {workload} | {m.Strategy} | {Time(m.MedianNs)} | {(m.MedianNs / limit).ToString("F2", C)} | {m.Bytes?.ToString("N0", C) ?? "n/a"} B |");
            }
        }
    }

    internal static (int Code, string Output) Exec(string file, string args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    internal static string Time(double ns) => ns >= 1_000 ? (ns / 1_000).ToString("F2", C) + " µs" : ns.ToString("F0", C) + " ns";

    internal static string LoadAverage()
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
}
