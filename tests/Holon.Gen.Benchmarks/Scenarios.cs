using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dapper;

namespace Holon.Gen.Benchmarks;

// The strategy names are the same in every scenario; QuickRun reads them to compute the ratios.

/// <summary>Point lookup by primary key, ids in a fixed random order.</summary>
public class PointLookup : Scenario
{
    private int _i;

    private string NextId() => S.Db.LookupIds[_i++ & BenchDatabase.LookupMask];

    [Benchmark]
    public Block? Generated() => S.Store.Get(NextId());

    [Benchmark]
    public Block? GeneratedValueTask()
    {
        var pending = S.Store.GetAsync(NextId());
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Block? Floor() => S.Raw[0].Get(NextId());

    [Benchmark]
    public Block? CachedCommand() => S.Cached[0].Get(NextId());

    [Benchmark]
    public Block? Dapper() => S.DapperConnection.QueryFirstOrDefault<Block>(Sql.Get, new { id = NextId() });

    [Benchmark]
    public Block? PerOpPooled() => PerOperation.Get(S.Pooled, NextId());

    [Benchmark]
    public Block? DapperAot() => S.Peers.DapperAotGet(NextId());

    [Benchmark]
    public Block? EfCoreCompiled() => S.Peers.EfGet(NextId());

    [Benchmark]
    public SqliteNetBlock? SqliteNet() => S.Peers.SqliteNetGet(NextId());

    [Benchmark]
    public Block? PerOpNoPool() => PerOperation.Get(S.NoPool, NextId());
}

/// <summary>The children of a document: 19 rows ordered by sort_key.</summary>
public class ChildListing : Scenario
{
    private int _i;

    private string NextParent() => S.Db.LookupParents[_i++ & BenchDatabase.LookupMask];

    [Benchmark]
    public List<Block> Generated() => S.Store.Children(NextParent());

    [Benchmark]
    public List<Block> GeneratedValueTask()
    {
        var pending = S.Store.ChildrenAsync(NextParent());
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public List<Block> Floor() => S.Raw[0].Children(NextParent());

    [Benchmark]
    public List<Block> CachedCommand() => S.Cached[0].Children(NextParent());

    [Benchmark]
    public List<Block> Dapper() => S.DapperConnection.Query<Block>(Sql.Children, new { parentId = NextParent() }).AsList();

    [Benchmark]
    public List<Block> PerOpPooled() => PerOperation.Children(S.Pooled, NextParent());

    [Benchmark]
    public List<Block> DapperAot() => S.Peers.DapperAotChildren(NextParent());

    [Benchmark]
    public List<Block> EfCoreCompiled() => S.Peers.EfChildren(NextParent());

    [Benchmark]
    public List<SqliteNetBlock> SqliteNet() => S.Peers.SqliteNetChildren(NextParent());

    [Benchmark]
    public List<Block> PerOpNoPool() => PerOperation.Children(S.NoPool, NextParent());
}

/// <summary>
/// One row inserted in its own (autocommit) transaction. The row, with a new id, is built inside the measured call,
/// as an app would, and the same way for every strategy.
/// </summary>
public class SingleInsert : Scenario
{
    private long _n;

    private Block Next()
    {
        long n = ++_n;
        return new Block("new_" + n.ToString(CultureInfo.InvariantCulture), S.Db.RootIds[n % BenchDatabase.Roots], "a freshly typed note", n);
    }

    [Benchmark]
    public int Generated() => S.Store.Insert(Next());

    [Benchmark]
    public int GeneratedValueTask()
    {
        var pending = S.Store.InsertAsync(Next());
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public int Floor() => S.Raw[0].Insert(Next());

    [Benchmark]
    public int CachedCommand() => S.Cached[0].Insert(Next());

    [Benchmark]
    public int Dapper() => S.DapperConnection.Execute(Sql.Insert, Next());

    [Benchmark]
    public int PerOpPooled() => PerOperation.Insert(S.Pooled, Next());

    [Benchmark]
    public int PerOpNoPool() => PerOperation.Insert(S.NoPool, Next());
}

/// <summary>1,000 rows inserted in one write transaction (one benchmark operation = the whole batch).</summary>
public class InsertBatch : Scenario
{
    public const int Size = 1000;
    private readonly Block[] _batch = new Block[Size];
    private long _n;

    private Block[] NextBatch()
    {
        for (int i = 0; i < Size; i++)
        {
            long n = ++_n;
            _batch[i] = new Block("new_" + n.ToString(CultureInfo.InvariantCulture), S.Db.RootIds[n % BenchDatabase.Roots], "a freshly typed note", n);
        }

        return _batch;
    }

    [Benchmark]
    public void Generated()
    {
        var batch = NextBatch();
        using var lease = S.Pool.RentWriter();
        using var transaction = lease.BeginTransaction();
        foreach (var block in batch)
        {
            S.Store.InsertOn(lease, block);
        }

        transaction.Commit();
    }

    [Benchmark]
    public async Task GeneratedValueTask()
    {
        var batch = NextBatch();
        await using var lease = await S.Pool.RentWriterAsync();
        using var transaction = lease.BeginTransaction();
        foreach (var block in batch)
        {
            await S.Store.InsertOnAsync(lease, block);
        }

        transaction.Commit();
    }

    [Benchmark(Baseline = true)]
    public void Floor() => S.Raw[0].InsertMany(NextBatch());

    [Benchmark]
    public void CachedCommand() => S.Cached[0].InsertMany(NextBatch());

    [Benchmark]
    public void Dapper()
    {
        var batch = NextBatch();
        using var transaction = S.DapperConnection.BeginTransaction();
        S.DapperConnection.Execute(Sql.Insert, batch, transaction);
        transaction.Commit();
    }

    [Benchmark]
    public void PerOpPooled() => PerOperation.InsertMany(S.Pooled, NextBatch());

    [Benchmark]
    public void PerOpNoPool() => PerOperation.InsertMany(S.NoPool, NextBatch());
}

/// <summary>
/// Point lookups from 1 and from 2 threads at once; one benchmark operation is one lookup, so on 2 threads a
/// lower time per operation means more throughput. The floor and the cached command give each thread its own
/// connection; the generated store shares one pool.
/// </summary>
public class ConcurrentLookup : Scenario
{
    public const int Lookups = 2000;
    private readonly ParallelOptions _parallel = new();
    private int _misses;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Generated() => Run(static (s, _, id) => s.Store.Get(id));

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int Floor() => Run(static (s, worker, id) => s.Raw[worker].Get(id));

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int CachedCommand() => Run(static (s, worker, id) => s.Cached[worker].Get(id));

    private int Run(Func<Strategies, int, string, Block?> lookup)
    {
        _misses = 0;
        int threads = Threads;
        int perThread = Lookups / threads;
        var strategies = S;
        void Body(int worker)
        {
            var ids = strategies.Db.LookupIds;
            int start = worker * 1024, misses = 0;
            for (int i = 0; i < perThread; i++)
            {
                if (lookup(strategies, worker, ids[(start + i) & BenchDatabase.LookupMask]) is null) misses++;
            }

            Interlocked.Add(ref _misses, misses);
        }

        if (threads == 1)
        {
            Body(0);
        }
        else
        {
            _parallel.MaxDegreeOfParallelism = threads;
            Parallel.For(0, threads, _parallel, Body);
        }

        return _misses;
    }
}
