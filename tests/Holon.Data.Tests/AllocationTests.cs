namespace Holon.Data.Tests;

/// <summary>Counts allocated bytes (never time) on warm hot paths with GC.GetAllocatedBytesForCurrentThread (see <see cref="AllocationMeter"/>).</summary>
[Collection(AllocationCollection.Name)]
public class AllocationTests
{

    private static readonly StatementDefinition GetBlock = new(
        "SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id",
        StatementKind.Query, ["@id"], ["Id", "ParentId", "Content", "SortKey"], "Tests.Alloc.GetBlock");

    private static readonly StatementDefinition CountChildren = new(
        "SELECT count(*) FROM blocks WHERE parent_id = @p", StatementKind.Query, ["@p"], ["Count"], "Tests.Alloc.CountChildren");

    private static readonly StatementDefinition Touch = new(
        "UPDATE blocks SET sort_key = sort_key + 1 WHERE id = @id", StatementKind.Command, ["@id"], [], "Tests.Alloc.Touch");

    private sealed record Block(string Id, string? ParentId, string Content, long SortKey);

    private static Block? Lookup(ConnectionLease lease, string id)
    {
        using var s = lease.Statement(GetBlock);
        s.BindText(0, id);
        if (!s.Step()) return null;
        int o0 = s.RequiredOrdinal(0), o1 = s.RequiredOrdinal(1), o2 = s.RequiredOrdinal(2), o3 = s.RequiredOrdinal(3);
        return new Block(
            s.IsNull(o0) ? throw s.NullColumn(o0, "Id") : s.GetString(o0),
            s.IsNull(o1) ? null : s.GetString(o1),
            s.IsNull(o2) ? throw s.NullColumn(o2, "Content") : s.GetString(o2),
            s.GetInt64(o3));
    }

    private static SqlitePool CreateSeeded(TempDb db)
    {
        var pool = new SqlitePool(db.Options());
        using var w = pool.RentWriter();
        w.Execute("CREATE TABLE blocks (id TEXT PRIMARY KEY, parent_id TEXT, content TEXT NOT NULL, sort_key INTEGER NOT NULL)");
        w.Execute("INSERT INTO blocks VALUES ('b1', 'b0', 'c1', 7)");
        return pool;
    }

    [Fact]
    public void PointLookupAllocatesOnlyTheReturnedObjectAndStrings()
    {
        using var db = new TempDb();
        using var pool = CreateSeeded(db);
        const string id = "b1";
        // What the loop must allocate anyway: the record and its three strings.
        long returned = Measure(() => new Block(new string('b', 2), new string('b', 2), new string('c', 2), 7));

        long sync = Measure(() => { using var lease = pool.RentReader(); return Lookup(lease, id); });
        long async = Measure(() =>
        {
            var rent = pool.RentReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(rent.IsCompletedSuccessfully);
            using var lease = rent.Result;
            return Lookup(lease, id);
        });

        Assert.True(sync <= returned, $"sync point lookup allocated {sync} B/op; the returned values alone are {returned} B/op");
        Assert.True(async <= returned, $"async point lookup allocated {async} B/op; the returned values alone are {returned} B/op");
    }

    [Fact]
    public void ScalarQueryWithCancellableTokenAllocatesNothing()
    {
        using var db = new TempDb();
        using var pool = CreateSeeded(db);
        using var cts = new CancellationTokenSource();
        long perOp = Measure(() =>
        {
            using var lease = pool.RentReader();
            using var s = lease.Statement(CountChildren, cts.Token);
            s.BindText(0, "b0");
            s.Step();
            return s.GetInt64(0) == 1 ? null : "";
        });
        Assert.Equal(0, perOp);
    }

    [Fact]
    public void WriterCommandAllocatesOnlyTheReentrancyMarker()
    {
        using var db = new TempDb();
        using var pool = CreateSeeded(db);
        long perOp = Measure(() =>
        {
            using var lease = pool.RentWriter();
            using var s = lease.Statement(Touch);
            s.BindText(0, "b1");
            s.Step();
            return null;
        });
        // The AsyncLocal marker that makes a nested writer rent fail fast (a marker object and an ExecutionContext).
        Assert.True(perOp <= 160, $"writer rent + command allocated {perOp} B/op");
        TestContext.Current.SendDiagnosticMessage($"writer command: {perOp} B/op");

        var options = db.Options();
        options.DetectWriterReentrancy = false;
        using var noDetect = new SqlitePool(options);
        long without = Measure(() =>
        {
            using var lease = noDetect.RentWriter();
            using var s = lease.Statement(Touch);
            s.BindText(0, "b1");
            s.Step();
            return null;
        });
        Assert.Equal(0, without);
    }

    [Fact]
    public void TransactionAllocatesNothing()
    {
        using var db = new TempDb();
        var options = db.Options();
        options.DetectWriterReentrancy = false;
        using var pool = new SqlitePool(options);
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (x)");
        long perOp = Measure(() =>
        {
            using var lease = pool.RentWriter();
            using var tx = lease.BeginTransaction();
            using (var inner = lease.BeginTransaction()) inner.Commit();
            tx.Commit();
            return null;
        });
        Assert.Equal(0, perOp);
    }

    private static long Measure(Func<object?> op) => AllocationMeter.PerOperation(op);
}
