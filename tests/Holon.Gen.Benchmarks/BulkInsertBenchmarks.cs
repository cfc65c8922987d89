using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>The generated bulk command: one savepoint (its own transaction), one statement use per element.</summary>
public sealed partial class BulkBenchStore(SqlitePool pool)
{
    public const string Insert = "INSERT OR REPLACE INTO bulk_blocks (id, parent_id, content, sort_key) VALUES (@Id, @ParentId, @Content, @SortKey)";

    [Command(Insert)]
    public partial int InsertMany(IReadOnlyList<Block> blocks);
}

/// <summary>
/// A bulk insert of 10,000 rows: the generated bulk command against a hand-written loop over the same SQL in one
/// transaction (bind, step, and end the use, which resets the prepared statement, per row). The rows exist before
/// the run, so any allocation measured is the loop's own. <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --bulk</c>
/// </summary>
[MemoryDiagnoser]
public class BulkInsertBenchmarks
{
    public const int Rows = 10_000;

    private string _folder = "";
    private SqlitePool _pool = null!;
    private BulkBenchStore _store = null!;
    private List<Block> _blocks = null!;

    private static readonly StatementDefinition HandInsert = new(BulkBenchStore.Insert, StatementKind.Command,
        ["@Id", "@ParentId", "@Content", "@SortKey"], [], "Bench.HandWrittenLoop", []);

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "holon-bulk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, "bulk.db") });
        using (var lease = _pool.RentWriter())
            lease.Execute("CREATE TABLE bulk_blocks (id TEXT PRIMARY KEY, parent_id TEXT, content TEXT NOT NULL, sort_key INTEGER NOT NULL)");
        _store = new BulkBenchStore(_pool);
        _blocks = Enumerable.Range(0, Rows).Select(i => new Block("b" + i, i % 19 == 0 ? null : "p" + (i / 19), BenchDatabase.Content(i), i)).ToList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true)]
    public int HandWrittenLoop()
    {
        using var lease = _pool.RentWriter();
        using var tx = lease.BeginTransaction();
        int total = 0;
        foreach (var b in _blocks)
        {
            using var s = lease.Statement(HandInsert);
            s.BindText(0, b.Id);
            if (b.ParentId is { } parent) s.BindText(1, parent);
            else s.BindNull(1);
            s.BindText(2, b.Content);
            s.BindInt64(3, b.SortKey);
            while (s.Step()) { }
            total += s.Changes;
        }
        tx.Commit();
        return total;
    }

    [Benchmark]
    public int GeneratedBulkCommand() => _store.InsertMany(_blocks);

    /// <summary>One ShortRun of both, as the --bulk mode.</summary>
    public static int Run()
    {
        // In process: building a separate boilerplate project takes longer than BenchmarkDotNet's timeout on a busy machine.
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "holon-bench-artifacts"));
        BenchmarkRunner.Run<BulkInsertBenchmarks>(config);
        return 0;
    }
}
