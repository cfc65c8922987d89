using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public sealed class ReturnShapeTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly BlockStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ReturnShapeTests()
    {
        _store = new BlockStore(_db.Pool);
    }

    public void Dispose() => _db.Dispose();

    private async Task SeedAsync()
    {
        Assert.Equal(1, await _store.InsertAsync(new Block("root", null, "Root", 0), Ct));
        Assert.Equal(1, await _store.InsertAsync(new Block("b", "root", "Second", 2), Ct));
        Assert.Equal(1, await _store.InsertAsync(new Block("a", "root", "First", 1), Ct));
    }

    [Fact]
    public async Task FirstOrNull_in_every_form()
    {
        await SeedAsync();
        Assert.Equal(new Block("a", "root", "First", 1), await _store.GetAsync("a", Ct));
        Assert.Equal(new Block("root", null, "Root", 0), _store.Get("root"));
        Assert.Null(await _store.GetAsync("missing", Ct));
        Assert.Null(_store.Get("missing"));
    }

    [Fact]
    public async Task ExactlyOne_returns_the_row_and_fails_clearly_on_none()
    {
        await SeedAsync();
        Assert.Equal("Second", (await _store.SingleAsync("b", Ct)).Content);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SingleAsync("missing", Ct));
        Assert.Contains("BlockStore.SingleAsync", error.Message);
        Assert.Contains("FROM blocks WHERE id = @id", error.Message);
    }

    [Fact]
    public async Task Lists_arrays_and_readonly_lists_keep_order()
    {
        await SeedAsync();
        Assert.Equal(["a", "b"], (await _store.ChildrenAsync("root", Ct)).Select(b => b.Id));
        Assert.Equal(["a", "b"], _store.ChildrenList("root").Select(b => b.Id));
        Assert.Equal(["a", "b"], (await _store.ChildrenArrayAsync("root", Ct)).Select(b => b.Id));
        Assert.Empty(await _store.ChildrenAsync("nobody", Ct));
    }

    [Fact]
    public async Task Streams_yield_every_row_and_return_the_lease()
    {
        await SeedAsync();
        var ids = new List<string>();
        await foreach (var b in _store.StreamAsync(Ct)) ids.Add(b.Id);
        Assert.Equal(["root", "a", "b"], ids);

        var tuples = new List<(string, string)>();
        await foreach (var t in _store.StreamTuples(Ct)) tuples.Add(t);
        Assert.Equal([("root", "Root"), ("a", "First"), ("b", "Second")], tuples);

        var viaWithCancellation = new List<string>();
        await foreach (var b in _store.StreamNoToken().WithCancellation(Ct)) viaWithCancellation.Add(b.Id);
        Assert.Equal(3, viaWithCancellation.Count);
    }

    [Fact]
    public async Task Abandoned_stream_returns_its_lease()
    {
        using var db = new TestDatabase(maxReaders: 1);
        var store = new BlockStore(db.Pool);
        await store.InsertAsync(new Block("x", null, "X", 1), Ct);
        await store.InsertAsync(new Block("y", null, "Y", 2), Ct);
        await foreach (var b in store.StreamAsync(Ct)) break;
        // With one reader, this would time out if the stream had kept its lease.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        Assert.Empty(await store.ChildrenArrayAsync("none", cts.Token));
        Assert.Equal(2, store.Count());
    }

    [Fact]
    public async Task Stream_honours_EnumeratorCancellation()
    {
        await SeedAsync();
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var b in _store.StreamNoToken().WithCancellation(cts.Token))
            {
                seen++;
                cts.Cancel();
                await Task.Yield();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Scalars_and_nullable_scalars()
    {
        Assert.Equal(0, _store.Count());
        Assert.Null(await _store.MaxSortKeyAsync(Ct));
        await SeedAsync();
        Assert.Equal(3, _store.Count());
        Assert.Equal(2, await _store.MaxSortKeyAsync(Ct));
    }

    [Fact]
    public async Task Commands_with_lease_rowcount_void_and_returning()
    {
        await SeedAsync();
        Assert.Equal(1L, _store.UpdateReturning("a", "changed"));
        Assert.Null(_store.UpdateReturning("missing", "x"));
        Assert.Equal("changed", _store.Get("a")!.Content);

        using (var lease = await _db.Pool.RentWriterAsync(Ct))
        using (var tx = lease.BeginTransaction())
        {
            Assert.Equal(1, _store.Delete(lease, "a"));
            Assert.Equal(0, _store.Delete(lease, "a"));
            // the lease is still ours after the call
            Assert.True(lease.IsActive);
        }
        // rolled back: the transaction was not committed
        Assert.NotNull(_store.Get("a"));

        await _store.DeleteAsync("b", Ct);
        Assert.Null(_store.Get("b"));
    }

    [Fact]
    public void HolonStatements_verify_against_the_real_schema()
    {
        using var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken);
        foreach (var definition in BlockStore.HolonStatements)
        {
            // prepares the SQL on this connection: a missing table or column would throw here
            using var statement = lease.Statement(definition, Ct);
            for (int member = 0; member < definition.ResultMembers.Count; member++)
                Assert.True(statement.Ordinal(member) >= 0, $"{definition.Origin}: no column for {definition.ResultMembers[member]}");
        }
        var broken = TypeStore.HolonStatements.Single(d => d.Origin.EndsWith(".Broken", StringComparison.Ordinal));
        Assert.ThrowsAny<Exception>(() => { using var s = lease.Statement(broken, Ct); });
    }

    [Fact]
    public void HolonStatements_declares_each_SQL_text_once_naming_every_method_that_runs_it()
    {
        var statements = BlockStore.HolonStatements;
        Assert.Equal(statements.Count, statements.Select(s => (s.Kind, s.Sql, string.Join(",", s.ResultMembers))).Distinct().Count());
        var get = statements.Single(s => s.Sql == "SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id");
        Assert.Equal(
            "Holon.Gen.EndToEndTests.BlockStore.GetAsync, Holon.Gen.EndToEndTests.BlockStore.Get, Holon.Gen.EndToEndTests.BlockStore.SingleAsync",
            get.Origin);
        Assert.Equal(StatementKind.Query, get.Kind);
        Assert.Equal(["@id"], get.ParameterNames);
        Assert.Equal(["Id", "ParentId", "Content", "SortKey"], get.ResultMembers);
        Assert.Equal(StatementKind.Command,
            statements.Single(s => s.Origin.EndsWith(".InsertAsync", StringComparison.Ordinal)).Kind);
    }

    [Fact]
    public async Task Sync_and_async_forms_of_one_SQL_prepare_it_once_per_connection()
    {
        using var db = new TestDatabase(maxReaders: 1);
        var store = new BlockStore(db.Pool);
        await store.InsertAsync(new Block("a", null, "A", 1), Ct);
        long before = db.Pool.Statistics.StatementsPrepared;

        Assert.NotNull(store.Get("a"));
        Assert.NotNull(await store.GetAsync("a", Ct));
        Assert.Equal("A", (await store.SingleAsync("a", Ct)).Content);

        Assert.Equal(before + 1, db.Pool.Statistics.StatementsPrepared);
    }

    [Fact]
    public async Task Errors_from_a_shared_statement_name_the_method_that_ran_it()
    {
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken))
        {
            lease.Execute("INSERT INTO blocks (id, parent_id, content, sort_key) VALUES ('n', NULL, NULL, 0)");
        }

        var sync = Assert.ThrowsAny<Exception>(() => _store.Get("n"));
        Assert.Contains("BlockStore.Get is not nullable", sync.Message, StringComparison.Ordinal);
        var async = await Assert.ThrowsAnyAsync<Exception>(async () => await _store.GetAsync("n", Ct));
        Assert.Contains("BlockStore.GetAsync is not nullable", async.Message, StringComparison.Ordinal);
    }
}
