using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// The cost of <c>db.client.operation.duration</c> on the generated point lookup: the floor (raw SQLitePCL), the
/// generated call, and the span check alone (<see cref="StatementSpan.Start(SqlitePool, StatementDefinition, string?)"/>
/// plus Dispose), with no listener and with a MeterListener that records the histogram.
/// <c>dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --filter '*OperationDurationBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class OperationDurationBenchmarks
{
    private static readonly StatementDefinition s_get = new(Sql.Get, StatementKind.Query, ["@id"], ["Id", "ParentId", "Content", "SortKey"], "Bench.Get");

    private Strategies _s = null!;
    private MeterListener? _listener;
    private int _i;

    [Params(false, true)]
    public bool HistogramListened { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _s = Strategies.Create();
        if (!HistogramListened) return;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Holon.Data" && instrument.Name == "db.client.operation.duration") l.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _listener.Start();
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

    /// <summary>What every generated call adds for tracing and the histogram: the checks (and, when listened, the measurement).</summary>
    [Benchmark]
    public bool SpanStartAndDispose()
    {
        using var span = StatementSpan.Start(_s.Pool, s_get);
        return span.IsRecording;
    }
}
