using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>The watched statements and their readers, shared by the watch benchmarks.</summary>
internal static class WatchStatements
{
    public static readonly StatementDefinition Row = new(
        "SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id", StatementKind.Watch, ["@id"], ["Id", "ParentId", "Content", "SortKey"], "Bench.WatchBlock");

    public static readonly StatementDefinition Children = new(
        Sql.Children, StatementKind.Watch, ["@parentId"], ["Id", "ParentId", "Content", "SortKey"], "Bench.WatchChildren");

    public static Block ReadBlock(PreparedStatement s) =>
        new(s.GetString(0), s.IsNull(1) ? null : s.GetString(1), s.GetString(2), s.GetInt64(3));

    public static IAsyncEnumerable<Block?> WatchRow(SqlitePool pool, string id, CancellationToken ct) =>
        pool.Watch(Row, id, static (s, a) => s.BindText(0, a), static s => s.Step() ? ReadBlock(s) : null, null, ct);

    public static IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(SqlitePool pool, string parent, CancellationToken ct) =>
        pool.Watch(Children, parent, static (s, a) => s.BindText(0, a), static s =>
        {
            var list = new List<Block>(20);
            while (s.Step()) list.Add(ReadBlock(s));
            return (IReadOnlyList<Block>)list;
        }, ListComparer<Block>.Default, ct);
}

/// <summary>
/// Commit → watcher latency. One operation = update one row in a write transaction, then wait until the watcher
/// (already running, holding no connection) has received the new result. Each BenchmarkDotNet iteration is one
/// operation, so the P50/P99 columns are per-operation percentiles. The operation includes the write itself;
/// <see cref="CommitToReceive"/> also keeps, per operation, the time from just before COMMIT to the consumer
/// seeing the new value, and prints its percentiles at the end.
/// </summary>
[Config(typeof(WatchLatencyConfig))]
public class WatchLatency
{
    private BenchDatabase _db = null!;
    private SqlitePool _pool = null!;
    private CancellationTokenSource _cts = null!;
    private Task _consumer = null!;
    private string _target = "";
    private long _counter;
    private long _commitStamp;
    private volatile TaskCompletionSource<long>? _arrived;
    private string _expected = "";
    private readonly List<double> _samples = new(4096);

    /// <summary>Row: one row by primary key (T?). Children: a document's 19 children (IReadOnlyList&lt;T&gt;).</summary>
    [Params("Row", "Children")]
    public string Query { get; set; } = "Row";

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchDatabase.Create();
        _pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = _db.ConnectionString(pooling: false) });
        _cts = new CancellationTokenSource();
        var root = _db.RootIds[0];
        _target = _db.Ids[1]; // the first child of root 0
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _consumer = Query == "Row"
            ? Task.Run(async () =>
            {
                await foreach (var b in WatchStatements.WatchRow(_pool, _target, _cts.Token)) Seen(b!.Content, ready);
            })
            : Task.Run(async () =>
            {
                await foreach (var list in WatchStatements.WatchChildren(_pool, root, _cts.Token)) Seen(list[0].Content, ready);
            });
        ready.Task.Wait();
    }

    private void Seen(string content, TaskCompletionSource ready)
    {
        long now = Stopwatch.GetTimestamp();
        ready.TrySetResult();
        var waiter = _arrived;
        if (waiter is not null && content == _expected)
        {
            _arrived = null;
            waiter.TrySetResult(now);
        }
    }

    [Benchmark]
    public async Task CommitToReceive()
    {
        string value = "v" + (++_counter).ToString(CultureInfo.InvariantCulture);
        _expected = value;
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrived = arrived;
        using (var lease = await _pool.RentWriterAsync())
        {
            using var tx = lease.BeginTransaction();
            lease.Execute("UPDATE blocks SET content = ?1 WHERE id = ?2", value, _target);
            _commitStamp = Stopwatch.GetTimestamp();
            tx.Commit();
        }
        long received = await arrived.Task;
        _samples.Add(Stopwatch.GetElapsedTime(_commitStamp, received).TotalMicroseconds);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cts.Cancel();
        try { _consumer.Wait(); } catch (AggregateException) { }
        var stats = _pool.WatchStatistics;
        _pool.Dispose();
        _db.Dispose();
        if (_samples.Count > 0)
        {
            // Drop BenchmarkDotNet's pilot/warmup samples: keep the last WatchLatencyConfig.Iterations.
            var measured = _samples.Skip(Math.Max(0, _samples.Count - WatchLatencyConfig.Iterations)).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// WATCH-LATENCY {Query}: just-before-COMMIT -> consumer received, n={measured.Length}: p50 {Pct(measured, 50):0.0} us, p99 {Pct(measured, 99):0.0} us, max {measured[^1]:0.0} us; refreshes {stats.Refreshes}, emissions {stats.Emissions}"));
        }
        _samples.Clear();
    }

    private static double Pct(double[] sorted, int p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];
}

/// <summary>
/// Writer throughput with 0 and with 100 active watches. One operation = one committed single-row UPDATE of the
/// <c>blocks</c> table, which every watch reads (each watches another document's children, so every commit makes
/// all of them refresh, and one of them see a change). Throughput = 1 / mean.
/// </summary>
[Config(typeof(WatchThroughputConfig))]
public class WatchWriterThroughput
{
    private BenchDatabase _db = null!;
    private SqlitePool _pool = null!;
    private CancellationTokenSource _cts = null!;
    private readonly List<Task> _consumers = [];
    private long _counter;
    private string[] _targets = [];

    [Params(0, 100)]
    public int Watches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchDatabase.Create();
        _pool = new SqlitePool(new SqlitePoolOptions
        {
            ConnectionString = _db.ConnectionString(pooling: false),
            MaxConcurrentWatchRefreshes = int.TryParse(Environment.GetEnvironmentVariable("HOLON_WATCH_REFRESHES"), out var n) ? n : 1,
        });
        _cts = new CancellationTokenSource();
        // Children of the first 100 documents are at ids[r * 20 + 1 .. r * 20 + 19].
        _targets = Enumerable.Range(0, 100).Select(r => _db.Ids[r * (BenchDatabase.ChildrenPerRoot + 1) + 1]).ToArray();
        var ready = new CountdownEvent(Watches);
        for (int w = 0; w < Watches; w++)
        {
            string root = _db.RootIds[w];
            _consumers.Add(Task.Run(async () =>
            {
                bool first = true;
                await foreach (var list in WatchStatements.WatchChildren(_pool, root, _cts.Token))
                {
                    if (first) { first = false; ready.Signal(); }
                }
            }));
        }
        ready.Wait();
    }

    [Benchmark]
    public void CommitOneRow()
    {
        long n = ++_counter;
        using var lease = _pool.RentWriter();
        lease.Execute("UPDATE blocks SET content = ?1 WHERE id = ?2", "w" + n.ToString(CultureInfo.InvariantCulture), _targets[n % 100]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cts.Cancel();
        try { Task.WaitAll(_consumers); } catch (AggregateException) { }
        var stats = _pool.WatchStatistics;
        Console.WriteLine($"// WATCH-THROUGHPUT watches={Watches}: commits {_counter}, refreshes {stats.Refreshes}, emissions {stats.Emissions}, skipped-equal {stats.SkippedEqual}");
        _consumers.Clear();
        _pool.Dispose();
        _db.Dispose();
    }
}

/// <summary>In-process, one operation per iteration, P50 and P99 columns.</summary>
public sealed class WatchLatencyConfig : ManualConfig
{
    public const int Iterations = 2000;

    public WatchLatencyConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(200)
            .WithIterationCount(Iterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
        AddColumn(StatisticColumn.P50, new PercentileColumn(99), StatisticColumn.Max);
        WithOptions(ConfigOptions.DisableLogFile);
    }
}

/// <summary>In-process; throughput is derived from the mean.</summary>
public sealed class WatchThroughputConfig : ManualConfig
{
    public WatchThroughputConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15));
        AddColumn(new ThroughputColumn());
        WithOptions(ConfigOptions.DisableLogFile);
    }
}

/// <summary>A percentile BenchmarkDotNet has no built-in column for (P99).</summary>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "P" + percentile;
    public string ColumnName => "P" + percentile;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => $"{percentile}th percentile of the per-iteration times";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var s = summary[benchmarkCase]?.ResultStatistics;
        return s is null ? "NA" : (s.Percentiles.Percentile(percentile) / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " us";
    }
}

/// <summary>Operations per second, from the mean.</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => "OpsPerSec";
    public string ColumnName => "Commits/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 11;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Committed write transactions per second (1 / Mean)";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var s = summary[benchmarkCase]?.ResultStatistics;
        return s is null ? "NA" : (1e9 / s.Mean).ToString("N0", CultureInfo.InvariantCulture);
    }
}
