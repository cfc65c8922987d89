using System.Diagnostics;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// A hand-written point lookup with the span lines the generator now emits into every core (StatementSpan.Start,
/// SetReturnedRows, the Fail filter), kept for the BenchmarkDotNet TracedPointLookup comparison; <see cref="Listen"/>
/// is the listener the <c>--cpu</c> tracing mode uses.
/// </summary>
public sealed class TracedLookup(SqlitePool pool)
{
    private static readonly StatementDefinition GetStatement = new(
        Sql.Get, StatementKind.Query, ["@id"], ["Id", "ParentId", "Content", "SortKey"], "Holon.Gen.Benchmarks.TracedLookup.Get");

    public Block? Get(string id)
    {
        using var lease = pool.RentReader();
        return GetCore(lease, id, default);
    }

    private static Block? GetCore(ConnectionLease lease, string id, CancellationToken ct)
    {
        using var span = StatementSpan.Start(lease, GetStatement);
        try
        {
            using var s = lease.Statement(GetStatement, "Holon.Gen.Benchmarks.TracedLookup.Get", ct);
            if (id is { } v0) s.BindText(0, v0); else throw new ArgumentNullException(nameof(id));
            if (!s.Step())
            {
                s.RequiredOrdinal(0);
                s.RequiredOrdinal(1);
                s.RequiredOrdinal(2);
                s.RequiredOrdinal(3);
                span.SetReturnedRows(0);
                return default;
            }

            int o0 = s.RequiredOrdinal(0);
            int o1 = s.RequiredOrdinal(1);
            int o2 = s.RequiredOrdinal(2);
            int o3 = s.RequiredOrdinal(3);
            var item = new Block(s.GetRequiredString(o0, "Id"), s.GetStringOrNull(o1), s.GetRequiredString(o2, "Content"), s.GetRequiredInt64(o3, "SortKey"));
            span.SetReturnedRows(1);
            return item;
        }
        catch (Exception e) when (span.Fail(e))
        {
            throw;
        }
    }

    /// <summary>A listener that records every Holon.Data span with all data (what an OpenTelemetry exporter asks for) and drops it.</summary>
    public static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Holon.Data",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => { },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
