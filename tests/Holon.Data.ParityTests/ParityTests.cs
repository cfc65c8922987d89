namespace Holon.Data.ParityTests;

/// <summary>
/// One set of assertions, run against SQLite and PostgreSQL: the same declarations must behave the same, with the
/// same error texts (only the calling method's type differs). A new drift between the backends fails here.
/// </summary>
public sealed class ParityTests(Backends backends)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Item Sample(string tag, string name, Color color = Color.Green, int? maybe = 5) => new(0, tag, 42, -3, true, 0.25,
        12345.678m, name, Guid.NewGuid(), new DateTime(2026, 1, 2, 3, 4, 5, 678), new DateOnly(1999, 12, 31), [0, 1, 255], Size.Large,
        color, maybe);

    static void AssertSame(Item expected, Item actual)
    {
        Assert.Equal(expected with { Id = actual.Id, Data = [] }, actual with { Data = [] });
        Assert.Equal(expected.Data, actual.Data);
    }

    async Task<(IParityStore Store, string Tag, long A, long B)> TwoRowsAsync(string backend, Color second = Color.Red)
    {
        var store = backends.Store(backend);
        string tag = Guid.NewGuid().ToString("N");
        long a = await store.InsertAsync(Sample(tag, "a"), Ct);
        long b = await store.InsertAsync(Sample(tag, "b", second, maybe: null), Ct);
        return (store, tag, a, b);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Every_mapped_type_round_trips(string backend)
    {
        var store = backends.Store(backend);
        var full = Sample(Guid.NewGuid().ToString("N"), "full");
        var sparse = full with { Maybe = null, Color = Color.Red, Size = Size.Small, Flag = false, Data = [] };
        AssertSame(full, (await store.FindAsync(await store.InsertAsync(full, Ct), Ct))!);
        AssertSame(sparse, (await store.FindAsync(await store.InsertAsync(sparse, Ct), Ct))!);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Single_row_shapes(string backend)
    {
        var (store, _, a, _) = await TwoRowsAsync(backend);
        Assert.Equal("a", (await store.FindAsync(a, Ct))!.Name);
        Assert.Equal("a", store.Find(a)!.Name);
        Assert.Equal("a", (await store.GetAsync(a, Ct)).Name);
        Assert.Null(await store.FindAsync(-1, Ct));
        Assert.Null(store.Find(-1));
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Row_list_shapes_and_streams(string backend)
    {
        var (store, tag, a, b) = await TwoRowsAsync(backend);
        Assert.Equal([a, b], (await store.ListAsync(tag, Ct)).Select(i => i.Id));
        Assert.Equal([a, b], (await store.ReadOnlyListAsync(tag, Ct)).Select(i => i.Id));
        Assert.Equal([a, b], store.Array(tag).Select(i => i.Id));
        var streamed = new List<long>();
        await foreach (long id in store.StreamAsync(tag, Ct)) streamed.Add(id);
        Assert.Equal([a, b], streamed);
        Assert.Equal([(a, "a"), (b, "b")], await store.TuplesAsync(tag, Ct));
        Assert.Equal([(a, "a"), (b, "b")], await store.NamedTuplesAsync(tag, Ct));
        Assert.Empty(await store.ListAsync("nobody", Ct));
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Commands_report_rows_affected(string backend)
    {
        var (store, tag, a, _) = await TwoRowsAsync(backend);
        Assert.Equal(2, await store.RenameAsync(tag, "renamed", Ct));
        await store.RenameVoidAsync(tag, "again", Ct);
        Assert.Equal("again", store.Find(a)!.Name);
        Assert.Equal(0, await store.RenameAsync("nobody", "x", Ct));
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Enums_as_text_bind_and_read_the_name(string backend)
    {
        var (store, tag, a, b) = await TwoRowsAsync(backend);
        Assert.Equal([b], await store.ByColorAsync(tag, Color.Red, Ct));
        Assert.Equal([a], await store.ByColorAsync(tag, Color.Green, Ct));
        Assert.Equal(Color.Red, store.Find(b)!.Color);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Optional_and_required_members(string backend)
    {
        var store = backends.Store(backend);
        Assert.Equal(new Optional(7), await store.OptionalAsync(Ct));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.RequiredAsync(Ct));
        Assert.Equal($"The result of {Backends.Origin(backend, "RequiredAsync")} has no column for member 'Missing' (columns: id). "
            + "SQL: " + ParitySql.IdOnly, e.Message);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task A_second_RETURNING_row_rolls_back(string backend)
    {
        var (store, tag, _, _) = await TwoRowsAsync(backend);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.RetagOneAsync(tag, Ct));
        Assert.StartsWith($"{Backends.Origin(backend, "RetagOneAsync")} expects exactly one row, but its SQL returned more than one; "
            + "everything it changed was rolled back: UPDATE parity_items SET name = 'changed' WHERE tag = ", e.Message);
        Assert.Equal(0, await store.CountChangedAsync(tag, Ct));
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task A_RETURNING_stream_yields_every_changed_row(string backend)
    {
        var (store, tag, a, b) = await TwoRowsAsync(backend);
        var ids = new List<long>();
        await foreach (long id in store.RetagAllAsync(tag, Ct)) ids.Add(id);
        Assert.Equal([a, b], ids.Order());
        Assert.Equal(2, await store.CountChangedAsync(tag, Ct));
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task Two_columns_for_one_member(string backend)
    {
        var store = backends.Store(backend);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.TwoColumnsAsync(Ct));
        Assert.Equal($"The result of {Backends.Origin(backend, "TwoColumnsAsync")} has two columns for member 'ParentId': 'parentid' at "
            + "position 1 and 'parent_id' at position 0; give one of them another name with AS. SQL: " + ParitySql.TwoColumns, e.Message);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task NULL_into_a_non_nullable_member(string backend)
    {
        var (store, tag, _, _) = await TwoRowsAsync(backend);
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => store.NullCountAsync(tag, Ct));
        Assert.StartsWith($"Column 'count' is NULL but member 'Count' of {Backends.Origin(backend, "NullCountAsync")} is not nullable. "
            + "SQL: SELECT id, tag, NULL AS count FROM parity_items WHERE tag = ", e.Message);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task No_row_and_two_rows_for_one_value(string backend)
    {
        var store = backends.Store(backend);
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => store.NoRowAsync(Ct));
        Assert.Equal($"{Backends.Origin(backend, "NoRowAsync")} expects exactly one row, but its SQL returned none: {ParitySql.NoRow}", none.Message);
        var two = await Assert.ThrowsAsync<InvalidOperationException>(() => store.TwoRowsAsync(Ct));
        Assert.Equal($"{Backends.Origin(backend, "TwoRowsAsync")} expects exactly one row, but its SQL returned more than one: "
            + ParitySql.TwoRows, two.Message);
    }

    [Theory, InlineData(Backends.Sqlite), InlineData(Backends.Postgres)]
    public async Task A_cancelled_token_cancels_the_call(string backend)
    {
        var store = backends.Store(backend);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.FindAsync(1, cancelled.Token));
        Assert.Equal(cancelled.Token, e.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in store.StreamAsync("any", cancelled.Token)) { }
        });
    }
}
