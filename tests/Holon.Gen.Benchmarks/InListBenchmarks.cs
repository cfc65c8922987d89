using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>The same data as the point lookups: 100 ids fetched by one IN-list statement or 100 generated lookups.</summary>
public sealed partial class InListStore(SqlitePool pool)
{
    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id IN @ids")]
    public partial List<Block> ByIds(string[] ids);
}

/// <summary>
/// An IN-list of 100 ids against 100 point lookups, on one pool.
/// <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --in-list</c>
/// </summary>
[MemoryDiagnoser]
public class InListLookup
{
    private Strategies _s = null!;
    private InListStore _inList = null!;
    private string[] _ids = [];

    [GlobalSetup]
    public void Setup()
    {
        _s = Strategies.Create();
        _inList = new InListStore(_s.Pool);
        _ids = _s.Db.LookupIds.Take(100).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _s.Dispose();

    [Benchmark(Baseline = true)]
    public int PointLookups()
    {
        int found = 0;
        foreach (var id in _ids)
        {
            if (_s.Store.Get(id) is not null) found++;
        }
        return found;
    }

    [Benchmark]
    public int InList() => _inList.ByIds(_ids).Count;

    public static int Run()
    {
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun);
        BenchmarkRunner.Run<InListLookup>(config);
        return 0;
    }
}
