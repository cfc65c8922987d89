using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>A typed id: a single-value wrapper, bound and read as its string.</summary>
public readonly record struct BlockId(string Value);

/// <summary>The benchmark row with typed ids.</summary>
public sealed record TypedBlock(BlockId Id, BlockId? ParentId, string Content, long SortKey);

/// <summary>The same point lookup as <see cref="BenchStore.Get"/>, by and into <see cref="BlockId"/>.</summary>
public sealed partial class TypedIdStore(SqlitePool pool)
{
    [Query(Sql.Get)]
    public partial TypedBlock? Get(BlockId id);
}

/// <summary>
/// A point lookup by <see cref="BlockId"/> with <see cref="BlockId"/> members against the same lookup by string: the
/// generated code for a wrapper is a direct <c>id.Value</c> and <c>new BlockId(...)</c>, so the target is within 1.03×
/// and the same allocation. <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --typed-ids</c>
/// </summary>
[MemoryDiagnoser]
public class TypedIdLookup
{
    private Strategies _s = null!;
    private TypedIdStore _typed = null!;
    private BlockId[] _ids = [];
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _s = Strategies.Create();
        _typed = new TypedIdStore(_s.Pool);
        _ids = _s.Db.LookupIds.Select(id => new BlockId(id)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _s.Dispose();

    [Benchmark(Baseline = true)]
    public Block? ByString() => _s.Store.Get(_s.Db.LookupIds[_i++ & BenchDatabase.LookupMask]);

    [Benchmark]
    public TypedBlock? ByBlockId() => _typed.Get(_ids[_i++ & BenchDatabase.LookupMask]);

    /// <summary>One ShortRun of this class.</summary>
    public static int Run()
    {
        var summary = BenchmarkRunner.Run<TypedIdLookup>(DefaultConfig.Instance.AddJob(Job.ShortRun));
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
