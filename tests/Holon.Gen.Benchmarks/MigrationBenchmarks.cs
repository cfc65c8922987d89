using BenchmarkDotNet.Attributes;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// Migrations. Each invocation opens a new pool, so the cases include opening connections; compare a case
/// with its baseline for the cost of the migrations themselves:
/// <list type="bullet">
/// <item>Fresh file: <c>Migrate</c> through 50 migrations vs the first writer rent on a fresh file (both delete the file afterwards).</item>
/// <item>Current file: the first rent with <c>SqlitePoolOptions.Migrations</c> (50, all applied) vs without.</item>
/// </list>
/// <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --filter '*MigrationBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class MigrationBenchmarks
{
    private static readonly Migration[] Fifty = Enumerable.Range(1, 50).Select(v => new Migration(v, "step_" + v, v == 1
        ? "CREATE TABLE items(id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
        : $"ALTER TABLE items ADD COLUMN c{v} INTEGER NOT NULL DEFAULT {v};\nCREATE INDEX items_c{v} ON items(c{v});\n" +
          $"INSERT INTO items(body) VALUES ('row {v}');")).ToArray();

    private string _folder = "";
    private string _current = "";
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "holon-bench-migrations-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _current = Path.Combine(_folder, "current.db");
        using var pool = new SqlitePool($"Data Source={_current}");
        pool.Migrate(Fifty);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _heldLease.Dispose();
        _heldPool?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private SqlitePool? _heldPool;
    private ConnectionLease _heldLease;

    /// <summary>What the first rent adds on a current database once the writer is open: the one PRAGMA user_version read.</summary>
    [Benchmark]
    public long CurrentFile_UserVersionRead_OnOpenWriter()
    {
        if (_heldPool is null)
        {
            _heldPool = new SqlitePool($"Data Source={_current}");
            _heldLease = _heldPool.RentWriter();
        }

        return _heldLease.Scalar<long>("PRAGMA user_version");
    }

    private string FreshPath() => Path.Combine(_folder, $"fresh-{_n++}.db");

    private static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
    }

    [Benchmark]
    public int FreshFile_FirstWriterRent_NoMigrations()
    {
        string path = FreshPath();
        int id;
        using (var pool = new SqlitePool($"Data Source={path}"))
        {
            using var lease = pool.RentWriter();
            id = lease.IsWriter ? 1 : 0;
        }

        Delete(path);
        return id;
    }

    [Benchmark]
    public int FreshFile_Migrate50()
    {
        string path = FreshPath();
        int version;
        using (var pool = new SqlitePool($"Data Source={path}"))
        {
            version = pool.Migrate(Fifty).ToVersion;
        }

        Delete(path);
        return version;
    }

    [Benchmark(Baseline = true)]
    public bool CurrentFile_FirstReaderRent_NoMigrations()
    {
        using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = $"Data Source={_current}" });
        using var lease = pool.RentReader();
        return lease.IsWriter;
    }

    [Benchmark]
    public bool CurrentFile_FirstReaderRent_WithMigrations()
    {
        using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = $"Data Source={_current}", Migrations = Fifty });
        using var lease = pool.RentReader();
        return lease.IsWriter;
    }

    [Benchmark]
    public bool CurrentFile_FirstWriterRent_NoMigrations()
    {
        using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = $"Data Source={_current}" });
        using var lease = pool.RentWriter();
        return lease.IsWriter;
    }

    [Benchmark]
    public bool CurrentFile_FirstWriterRent_WithMigrations()
    {
        using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = $"Data Source={_current}", Migrations = Fifty });
        using var lease = pool.RentWriter();
        return lease.IsWriter;
    }
}
