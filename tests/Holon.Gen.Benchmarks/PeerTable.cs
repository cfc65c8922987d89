using Dapper;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Perfolizer.Horology;
using SQLitePCL;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--table</c>: Holon.Gen, the SQLitePCLRaw floor and the peers (Dapper.AOT, Dapper, EF Core compiled, sqlite-net)
/// in one in-process BenchmarkDotNet run, the C limit before and after it, and one markdown table of medians with
/// ratios to the C limit and to the floor. First every library is asked, through its own API, which SQLite it runs
/// (<c>sqlite_source_id()</c>); the mode stops if they differ or if more than one SQLite library is loaded.
/// <c>--table --short</c> runs 5 × 100 ms iterations instead of 15 × 200 ms, for iterating.
/// </summary>
internal static class PeerTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static readonly (string Method, string Name)[] Columns =
    [
        ("Generated", "Holon.Gen"), ("Floor", "SQLitePCLRaw floor"), ("", "C limit"), ("DapperAot", "Dapper.AOT"),
        ("Dapper", "Dapper"), ("EfCoreCompiled", "EF Core compiled, no tracking"), ("SqliteNet", "sqlite-net"),
    ];

    private static readonly (Type Type, string Name)[] Workloads =
        [(typeof(PointLookup), "point lookup"), (typeof(ChildListing), "19 children")];

    public static int Run(bool quick)
    {
        string uptimeBefore = Uptime();
        var started = DateTime.UtcNow;
        var sources = SourceIds();
        string? program = null;
        string work = Directory.CreateTempSubdirectory("holon-table-").FullName;
        try
        {
            CLimit.CResult? before = null, after = null;
            using var db = BenchDatabase.Create();
            string ids = Path.Combine(work, "ids.txt"), parents = Path.Combine(work, "parents.txt");
            File.WriteAllLines(ids, db.LookupIds);
            File.WriteAllLines(parents, db.LookupParents);
            string Args() => $"\"{db.Path}\" \"{ids}\" \"{parents}\" 7 100000 20000";
            if (CLimit.FindOnPath("cc") is { } cc)
            {
                program = CLimit.Compile(cc, CLimit.LoadedSqliteLibrary(), work);
                before = CLimit.RunC(program, Args());
                sources.Add(("C (limit.c)", before.SourceId));
            }

            Console.WriteLine("sqlite_source_id(), asked through each library:");
            foreach (var (library, id) in sources) Console.WriteLine($"  {library,-32} {id}");
            if (sources.Select(s => s.Id).Distinct().Count() != 1)
            {
                Console.Error.WriteLine("!!! The libraries do not run the same SQLite; a comparison would be meaningless. Stopped.");
                return 1;
            }

            var managed = RunManaged(quick);
            if (program is not null) after = CLimit.RunC(program, Args());
            Print(managed, before, after, sources[0].Id, started, uptimeBefore, quick);
            return managed.Count == (Columns.Length - 1) * Workloads.Length ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Each library's own answer, on the benchmark's own connections; plus the SQLite files mapped in.</summary>
    private static List<(string Library, string Id)> SourceIds()
    {
        using var s = Strategies.Create();
        const string sql = "select sqlite_source_id()";
        var result = new List<(string, string)>
        {
            ("Holon.Gen (generated [Query])", s.Store.SourceId()),
            ("SQLitePCLRaw (raw)", raw.sqlite3_sourceid().utf8_to_string()),
            ("Microsoft.Data.Sqlite (Dapper's)", Scalar(s.DapperConnection, sql)),
            ("Dapper.AOT's connection", Scalar(s.Peers.AotConnection, sql)),
            ("EF Core (its DbConnection)", Scalar((SqliteConnection)s.Peers.Ef.Database.GetDbConnection(), sql)),
            ("sqlite-net (ExecuteScalar)", s.Peers.SqliteNet.ExecuteScalar<string>(sql)),
        };
        CheckSameRows(s);
        var mapped = File.ReadLines("/proc/self/maps").Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : "")
            .Where(p => IsNativeSqlite(Path.GetFileName(p))).Distinct().ToList();
        Console.WriteLine($"SQLite libraries mapped into this process: {string.Join(", ", mapped)}");
        if (mapped.Count != 1) result.Add(("(more than one SQLite library is loaded)", string.Join(" | ", mapped)));
        return result;
    }

    /// <summary>Every library returns the floor's rows for one id and one parent, or the mode stops.</summary>
    private static void CheckSameRows(Strategies s)
    {
        string id = s.Db.LookupIds[0], parent = s.Db.LookupParents[0];
        var floor = s.Raw[0].Get(id) ?? throw new InvalidOperationException($"the floor found no block {id}");
        var children = s.Raw[0].Children(parent);
        static Block FromNet(SqliteNetBlock? b) => b is null ? new Block("", null, "", -1) : new Block(b.Id, b.ParentId, b.Content, b.SortKey);
        var got = new (string Library, Block? Row, List<Block> Children)[]
        {
            ("Holon.Gen", s.Store.Get(id), s.Store.Children(parent)),
            ("Dapper", s.DapperConnection.QueryFirstOrDefault<Block>(Sql.Get, new { id }), s.DapperConnection.Query<Block>(Sql.Children, new { parentId = parent }).AsList()),
            ("Dapper.AOT", s.Peers.DapperAotGet(id), s.Peers.DapperAotChildren(parent)),
            ("EF Core", s.Peers.EfGet(id), s.Peers.EfChildren(parent)),
            ("sqlite-net", FromNet(s.Peers.SqliteNetGet(id)), s.Peers.SqliteNetChildren(parent).Select(FromNet).ToList()),
        };
        foreach (var (library, row, list) in got)
        {
            if (row != floor || !list.SequenceEqual(children))
            {
                throw new InvalidOperationException($"{library} does not read the floor's rows for id {id} / parent {parent}: {row}");
            }
        }

        Console.WriteLine($"Every library read the same block and the same {children.Count} children.");
    }

    /// <summary>A native SQLite library (libe_sqlite3.so, libsqlite3.so.0, ...), not a managed SQLitePCLRaw dll.</summary>
    private static bool IsNativeSqlite(string? file) =>
        file is not null && file.Contains("sqlite3", StringComparison.Ordinal) &&
        (file.EndsWith(".so", StringComparison.Ordinal) || file.Contains(".so.", StringComparison.Ordinal));

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable HOLON101 // constant SQL
        command.CommandText = sql;
#pragma warning restore HOLON101
        return (string)command.ExecuteScalar()!;
    }

    private sealed record Result(string Workload, string Method, double MedianNs, long? Bytes);

    private static List<Result> RunManaged(bool quick)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1)
            .WithWarmupCount(quick ? 2 : 3).WithIterationCount(quick ? 5 : 15)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 100 : 200));
        var methods = Columns.Select(c => c.Method).Where(m => m.Length > 0).ToHashSet();
        var config = ManualConfig.CreateEmpty().AddJob(job).AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddFilter(new SimpleFilter(b => methods.Contains(b.Descriptor.WorkloadMethod.Name)))
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "holon-bench-artifacts"))
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        var summaries = BenchmarkRunner.Run(Workloads.Select(w => w.Type).ToArray(), config);
        var results = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null)
            .Select(r => new Result(r.BenchmarkCase.Descriptor.Type.Name, r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.ResultStatistics!.Median, r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
        return results.Count == methods.Count * Workloads.Length ? results : Missing(results, methods);
    }

    private static List<Result> Missing(List<Result> results, HashSet<string> methods)
    {
        foreach (var (type, _) in Workloads)
        foreach (var m in methods.Where(m => !results.Any(r => r.Workload == type.Name && r.Method == m)))
        {
            Console.Error.WriteLine($"!!! {type.Name}.{m} produced no result (it failed; see the log above).");
        }

        return results;
    }

    private static void Print(List<Result> managed, CLimit.CResult? before, CLimit.CResult? after, string sourceId,
        DateTime started, string uptimeBefore, bool quick)
    {
        Console.WriteLine();
        Console.WriteLine($"Holon.Gen and peers — {started:yyyy-MM-dd HH:mm} UTC; {Machine()}; .NET {Environment.Version}; " +
                          $"SQLite {sourceId} for every library");
        Console.WriteLine($"uptime before: {uptimeBefore}");
        Console.WriteLine($"uptime after:  {Uptime()}");
        Console.WriteLine($"BenchmarkDotNet in process, {(quick ? "5 × 100 ms" : "15 × 200 ms")} iterations, medians; " +
                          "C limit: median of 7 rounds, the lower of the runs before and after");
        Console.WriteLine();
        Console.WriteLine("| workload | library | median | × C limit | × floor | allocated/op |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (type, name) in Workloads)
        {
            double? limit = before is null || after is null
                ? null
                : Math.Min(before.Workloads[type.Name].Median, after.Workloads[type.Name].Median);
            double? floor = managed.FirstOrDefault(r => r.Workload == type.Name && r.Method == "Floor")?.MedianNs;
            foreach (var (method, column) in Columns)
            {
                if (method.Length == 0)
                {
                    Console.WriteLine(limit is { } l
                        ? $"| {name} | {column} | {CLimit.Time(l)} | 1.00 | {Ratio(l, floor)} | |"
                        : $"| {name} | {column} | no C compiler (cc): skipped | | | |");
                    continue;
                }

                if (managed.FirstOrDefault(r => r.Workload == type.Name && r.Method == method) is not { } m) continue;
                Console.WriteLine($"| {name} | {column} | {CLimit.Time(m.MedianNs)} | {Ratio(m.MedianNs, limit)} | " +
                                  $"{Ratio(m.MedianNs, floor)} | {m.Bytes?.ToString("N0", C) ?? "n/a"} B |");
            }
        }
    }

    private static string Ratio(double value, double? to) => to is { } t ? (value / t).ToString("F2", C) : "n/a";

    private static string Machine()
    {
        string cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        return $"{cpu}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }

    private static string Uptime()
    {
        try
        {
            return CLimit.Exec("uptime", "").Output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "load average " + CLimit.LoadAverage();
        }
    }
}
