using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>The span each generated call starts (StatementSpan), seen through a real ActivityListener.</summary>
[Collection(TracingCollection.Name)]
public sealed class TracingTests : IDisposable
{
    private const string Store = "Holon.Gen.EndToEndTests.BlockStore.";

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly TestDatabase _db = new();

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Holon.Data",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _db.Dispose();
    }

    /// <summary>The spans of generated calls made by <paramref name="method"/> (ad-hoc spans carry no code.function.name).</summary>
    private Activity[] SpansOf(string method) => [.. _stopped.Where(a => Equals(a.GetTagItem("code.function.name"), Store + method))];

    private static void AssertDatabaseConventions(Activity span, string operation, string summary)
    {
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(summary, span.DisplayName);
        Assert.Equal("sqlite", span.GetTagItem("db.system.name"));
        Assert.Equal("test.db", span.GetTagItem("db.namespace"));
        Assert.Equal(operation, span.GetTagItem("db.operation.name"));
        Assert.Equal("blocks", span.GetTagItem("db.collection.name"));
        Assert.Equal(summary, span.GetTagItem("db.query.summary"));
        Assert.Null(span.GetTagItem("db.query.text")); // TraceQueryText is off by default
    }

    [Fact]
    public void A_bulk_command_is_one_span_for_the_batch_with_its_size_and_a_failed_batch_is_marked_Error()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var lease = _db.Pool.RentWriter(ct)) lease.Execute(BulkStore.Schema);
        var bulk = new BulkStore(_db.Pool);
        Activity[] Spans() => [.. _stopped.Where(a => Equals(a.GetTagItem("code.function.name"), "Holon.Gen.EndToEndTests.BulkStore.InsertMany"))];

        Assert.Equal(3, bulk.InsertMany([new Item("a", 1), new Item("b", 2), new Item("c", 3)]));
        var batch = Assert.Single(Spans());
        Assert.Equal("INSERT items", batch.DisplayName);
        Assert.Equal("items", batch.GetTagItem("db.collection.name"));
        Assert.Equal(3, batch.GetTagItem("db.operation.batch.size"));
        Assert.Equal(ActivityStatusCode.Unset, batch.Status);

        // A batch of one is one operation, not a batch (the conventions' rule).
        Assert.Equal(1, bulk.InsertMany([new Item("d", 4)]));
        Assert.Null(Spans()[1].GetTagItem("db.operation.batch.size"));

        // Element 1 repeats the name "a" (UNIQUE): the batch fails as a whole, and its one span says so.
        Assert.Throws<BulkCommandException>(() => bulk.InsertMany([new Item("e", 5), new Item("a", 6)]));
        var failed = Spans()[2];
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(BulkCommandException).FullName, failed.GetTagItem("error.type"));
        Assert.Equal(3, Spans().Length);
        Assert.Equal(4, bulk.Count()); // rolled back
    }

    [Fact]
    public async Task Point_lookup_list_command_and_stream_each_have_one_span_named_after_the_calling_method()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new BlockStore(_db.Pool);
        await store.InsertAsync(new Block("p", null, "parent", 1), ct);
        await store.InsertAsync(new Block("a", "p", "A", 2), ct);
        await store.InsertAsync(new Block("b", "p", "B", 3), ct);

        Assert.Equal("A", store.Get("a")!.Content);
        Assert.Null(store.Get("missing"));
        Assert.Equal(2, (await store.ChildrenAsync("p", ct)).Count);
        int streamed = 0;
        await foreach (var _ in store.StreamAsync(ct)) streamed++;
        Assert.Equal(3, streamed);

        var inserts = SpansOf("InsertAsync");
        Assert.Equal(3, inserts.Length);
        AssertDatabaseConventions(inserts[0], "INSERT", "INSERT blocks");
        Assert.Equal(0, inserts[0].GetTagItem("db.response.returned_rows"));
        Assert.Equal(ActivityStatusCode.Unset, inserts[0].Status);

        var gets = SpansOf("Get");
        Assert.Equal(2, gets.Length);
        AssertDatabaseConventions(gets[0], "SELECT", "SELECT blocks");
        Assert.Equal(1, gets[0].GetTagItem("db.response.returned_rows"));
        Assert.Equal(0, gets[1].GetTagItem("db.response.returned_rows"));
        Assert.Null(gets[0].GetTagItem("error.type"));

        var list = Assert.Single(SpansOf("ChildrenAsync"));
        AssertDatabaseConventions(list, "SELECT", "SELECT blocks");
        Assert.Equal(2, list.GetTagItem("db.response.returned_rows"));

        var stream = Assert.Single(SpansOf("StreamAsync"));
        AssertDatabaseConventions(stream, "SELECT", "SELECT blocks");
        Assert.Equal(3, stream.GetTagItem("db.response.returned_rows"));
    }

    [Fact]
    public async Task A_failing_call_marks_its_span_with_error_status_and_type_and_still_throws()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new BlockStore(_db.Pool);
        await store.InsertAsync(new Block("dup", null, "first", 1), ct);

        var e = await Assert.ThrowsAsync<SqliteException>(async () => await store.InsertAsync(new Block("dup", null, "second", 2), ct));
        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT: the exception reaches the caller unchanged

        var spans = SpansOf("InsertAsync");
        Assert.Equal(2, spans.Length);
        Assert.Equal(ActivityStatusCode.Unset, spans[0].Status);
        var failed = spans[1];
        AssertDatabaseConventions(failed, "INSERT", "INSERT blocks");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(SqliteException).FullName, failed.GetTagItem("error.type"));
        Assert.Null(failed.GetTagItem("db.response.returned_rows"));

        // A "no row" from a Single method is an error of the call too.
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.SingleAsync("missing", ct));
        var single = Assert.Single(SpansOf("SingleAsync"));
        Assert.Equal(ActivityStatusCode.Error, single.Status);
        Assert.NotNull(single.GetTagItem("error.type"));
    }
}

/// <summary>An ActivityListener is process-wide: these tests run alone, after the parallel ones (and away from the allocation tests).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Tracing (runs alone)";
}
