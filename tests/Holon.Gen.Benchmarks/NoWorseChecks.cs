using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Holon.Data;
using Perfolizer.Horology;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--no-worse</c>: the workloads a faster read path must not slow down, each beside the SQLitePCLRaw floor in one
/// in-process run: a 100-row insert transaction on the writer, and point lookups from 4 threads on a pool with
/// <c>MaxReaders = 4</c> (the floor: 4 connections, one per thread). The generated/floor ratio is what to compare
/// between two builds; the floor's code is the same in both. Self-contained (only the pool, the generated store, the
/// floor and the database), so the same file builds against older commits for a before/after.
/// </summary>
internal static class NoWorseChecks
{
    public static int Run()
    {
        Console.WriteLine($"no-worse checks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {CLimit.LoadAverage()}");
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1)
            .WithWarmupCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(200));
        var config = ManualConfig.CreateEmpty().AddJob(job).AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "holon-bench-artifacts"))
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        var summaries = BenchmarkRunner.Run([typeof(InsertTransaction100), typeof(FourThreadLookup)], config);
        var rows = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null)
            .Select(r => (Type: r.BenchmarkCase.Descriptor.Type.Name, Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                Median: r.ResultStatistics!.Median, Bytes: r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
        Console.WriteLine($"load after: {CLimit.LoadAverage()}");
        Console.WriteLine("| workload | library | median | × floor | allocated/op |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Type))
        {
            double floor = group.First(r => r.Method == "Floor").Median;
            foreach (var r in group.OrderBy(r => r.Method == "Floor"))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {group.Key} | {(r.Method == "Floor" ? "SQLitePCLRaw floor" : "Holon.Gen")} | {CLimit.Time(r.Median)} | {r.Median / floor:F2} | {r.Bytes:N0} B |"));
            }
        }

        return rows.Count == 4 ? 0 : 1;
    }
}

/// <summary>100 rows inserted in one write transaction; one operation is the whole transaction.</summary>
public class InsertTransaction100
{
    public const int Size = 100;
    private readonly Block[] _batch = new Block[Size];
    private BenchDatabase _db = null!;
    private SqlitePool _pool = null!;
    private BenchStore _store = null!;
    private RawStatements _floor = null!;
    private long _n;

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchDatabase.Create();
        _pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = _db.ConnectionString(pooling: false), MaxReaders = 1 });
        _store = new BenchStore(_pool);
        _floor = new RawStatements(_db.Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        _pool.Dispose();
        _db.Dispose();
    }

    private Block[] NextBatch()
    {
        for (int i = 0; i < Size; i++)
        {
            long n = ++_n;
            _batch[i] = new Block("t100_" + n.ToString(CultureInfo.InvariantCulture), _db.RootIds[n % BenchDatabase.Roots], "a freshly typed note", n);
        }

        return _batch;
    }

    [Benchmark]
    public void Generated()
    {
        var batch = NextBatch();
        using var lease = _pool.RentWriter();
        using var transaction = lease.BeginTransaction();
        foreach (var block in batch)
        {
            _store.InsertOn(lease, block);
        }

        transaction.Commit();
    }

    [Benchmark(Baseline = true)]
    public void Floor() => _floor.InsertMany(NextBatch());
}

/// <summary>
/// Point lookups from 4 threads at once; one operation is one lookup, so the time per operation is the inverse of
/// the combined throughput. The generated store shares one pool of 4 readers; the floor gives each thread its own
/// connection.
/// </summary>
public class FourThreadLookup
{
    public const int Threads = 4;
    public const int Lookups = 4000;
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = Threads };
    private BenchDatabase _db = null!;
    private SqlitePool _pool = null!;
    private BenchStore _store = null!;
    private RawStatements[] _floor = [];
    private int _misses;

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchDatabase.Create();
        _pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = _db.ConnectionString(pooling: false), MaxReaders = Threads });
        _store = new BenchStore(_pool);
        _floor = Enumerable.Range(0, Threads).Select(_ => new RawStatements(_db.Path)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var f in _floor) f.Dispose();
        _pool.Dispose();
        _db.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Generated() => Run((_, id) => _store.Get(id));

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int Floor() => Run((worker, id) => _floor[worker].Get(id));

    private int Run(Func<int, string, Block?> lookup)
    {
        _misses = 0;
        Parallel.For(0, Threads, _parallel, worker =>
        {
            var ids = _db.LookupIds;
            int start = worker * 1024, misses = 0;
            for (int i = 0; i < Lookups / Threads; i++)
            {
                if (lookup(worker, ids[(start + i) & BenchDatabase.LookupMask]) is null) misses++;
            }

            Interlocked.Add(ref _misses, misses);
        });
        if (_misses != 0) throw new InvalidOperationException($"{_misses} lookups found no row");
        return _misses;
    }
}
