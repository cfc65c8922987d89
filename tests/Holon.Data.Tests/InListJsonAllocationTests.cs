using Holon.Data.Generated;

namespace Holon.Data.Tests;

/// <summary>
/// Binding an IN-list's JSON allocates nothing once the thread's writer is warm (bytes counted, never time); only text
/// holding a lone surrogate (invalid UTF-16) takes an escaping path that allocates.
/// </summary>
[Collection(AllocationCollection.Name)]
public class InListJsonAllocationTests
{
    private static readonly StatementDefinition Count = new(
        "SELECT count(*) FROM json_each(@list)", StatementKind.Query, ["@list"], ["Count"], "Tests.InList.Count");

    [Fact]
    public void InList_binding_allocates_nothing_once_warm()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var guid = Guid.NewGuid();
        long perOp = AllocationMeter.PerOperation(() =>
        {
            using var lease = pool.RentReader();
            using var s = lease.Statement(Count);
            var writer = InListJson.Start("Tests.InList.Count", "list");
            for (int i = 0; i < 50; i++) writer.Int64(i);
            writer.Text("quote\" é 😀 \t");
            writer.Double(0.25);
            writer.Guid(guid);
            writer.Formatted(12.5m, "0.0###########################");
            writer.Null();
            writer.BindTo(s, 0);
            Assert.True(s.Step());
            return null;
        });
        Assert.Equal(0, perOp);
    }
}
