using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// Point lookup with trace spans: the floor, the generated call, and the generated call with the span lines
/// (<see cref="TracedLookup"/>), with no listener and with a listener recording all data.
/// <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --filter '*TracedPointLookup*'</c>
/// </summary>
[MemoryDiagnoser]
public class TracedPointLookup
{
    private Strategies _s = null!;
    private TracedLookup _traced = null!;
    private ActivityListener? _listener;
    private int _i;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _s = Strategies.Create();
        _traced = new TracedLookup(_s.Pool);
        if (Listening) _listener = TracedLookup.Listen();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _s.Dispose();
    }

    private string NextId() => _s.Db.LookupIds[_i++ & BenchDatabase.LookupMask];

    [Benchmark(Baseline = true)]
    public Block? Floor() => _s.Raw[0].Get(NextId());

    [Benchmark]
    public Block? Generated() => _s.Store.Get(NextId());

    [Benchmark]
    public Block? GeneratedWithSpan() => _traced.Get(NextId());
}
