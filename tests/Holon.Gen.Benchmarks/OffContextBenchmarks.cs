using BenchmarkDotNet.Attributes;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// What running a generated async call off the caller's thread costs: <c>await store.GetAsync(id)</c> (SQLite runs on
/// the calling thread, no thread hop) against <c>await Task.Run(() =&gt; store.GetAsync(id))</c> (the documented way
/// for a UI thread: the call runs on the thread pool and only the continuation comes back).
/// <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --filter '*OffContextBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class OffContextBenchmarks
{
    private Strategies _s = null!;
    private int _i;

    [GlobalSetup]
    public void Setup() => _s = Strategies.Create();

    [GlobalCleanup]
    public void Cleanup() => _s.Dispose();

    private string NextId() => _s.Db.LookupIds[_i++ & BenchDatabase.LookupMask];

    [Benchmark(Baseline = true)]
    public async Task<Block?> OnCallingThread() => await _s.Store.GetAsync(NextId()).ConfigureAwait(false);

    [Benchmark]
    public async Task<Block?> OffCallingThread()
    {
        string id = NextId();
        return await Task.Run(() => _s.Store.GetAsync(id).AsTask()).ConfigureAwait(false);
    }
}
