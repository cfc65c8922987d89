namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// Wrappers and converters on PostgreSQL: typed ids as parameters, members, scalar results and tuple elements,
/// NULL for nullable forms, a value object, and the ordered storages (bigint ticks, 16-byte bytea in Guid order).
/// </summary>
public sealed class TypedIdTests(PgFixture pg)
{
    async Task<(TempSchema Schema, TypedIdStore Store)> CreateAsync(CancellationToken ct)
    {
        pg.Require();
        var schema = await TempSchema.CreateAsync(pg, ct);
        await schema.ExecuteAsync("""
            CREATE TABLE items (id text PRIMARY KEY, parent_id text NULL, owner bigint NULL, price bigint NOT NULL,
                quantity integer NOT NULL, at bigint NOT NULL, key bytea NOT NULL)
            """, ct);
        return (schema, new TypedIdStore(schema.Source));
    }

    static Item Sample(string id, string? parent = null, long? owner = null, int quantity = 1, DateTimeOffset? at = null, Guid? key = null) =>
        new(new ItemId(id), parent is null ? null : new ItemId(parent), owner is null ? null : new OwnerRef(owner.Value), new Cents(2.5m),
            Quantity.From(quantity), at ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), key ?? Guid.NewGuid());

    [Fact]
    public async Task Typed_ids_bind_and_read_as_parameters_members_scalars_and_tuple_elements()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        var a = Sample("a", owner: 7, quantity: 3);
        Assert.Equal(1, await store.InsertAsync(a, ct));
        Assert.Equal(1, await store.InsertAsync(Sample("b", parent: "a"), ct));
        Assert.Equal("a", await schema.ScalarAsync<string>("SELECT id FROM items WHERE parent_id IS NULL", ct));
        Assert.Equal(250L, await schema.ScalarAsync<long>("SELECT price FROM items WHERE id = 'a'", ct));

        Assert.Equal(a, await store.GetAsync(new ItemId("a"), ct));
        Assert.Null(await store.GetAsync(new ItemId("zz"), ct));
        Assert.Equal([new ItemId("a"), new ItemId("b")], await store.IdsAsync(ct));
        Assert.Equal([(new ItemId("a"), (OwnerRef?)new OwnerRef(7))], await store.OfOwnerAsync(new OwnerRef(7), ct));
        Assert.Equal(new Cents(2.5m), await store.PriceAsync(Quantity.From(3), ct));
    }

    [Fact]
    public async Task Nullable_wrappers_bind_and_read_null()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        await store.InsertAsync(Sample("a"), ct);
        await store.InsertAsync(Sample("b", parent: "a"), ct);
        var a = (await store.GetAsync(new ItemId("a"), ct))!;
        Assert.Null(a.ParentId);
        Assert.Null(a.Owner);
        Assert.Null(await store.ParentOfAsync(new ItemId("a"), ct));
        Assert.Equal(new ItemId("a"), await store.ParentOfAsync(new ItemId("b"), ct));
        Assert.Equal(1, await store.CountChildrenAsync(null, ct));
        Assert.Equal(1, await store.CountChildrenAsync(new ItemId("a"), ct));
    }

    [Fact]
    public async Task Ordered_storages_sort_by_instant_and_by_Guid()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        // Later instants with earlier local clock text.
        var times = new[]
        {
            new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(-3)),
            new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(5)).AddTicks(7),
            new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
        };
        var keys = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid())
            .Concat([Guid.Empty, Guid.AllBitsSet, Guid.Parse("80000000-0000-0000-0000-000000000000")]).ToList();
        for (int i = 0; i < keys.Count; i++)
            await store.InsertAsync(Sample("k" + i.ToString("D2"), at: times[i % 3], key: keys[i]), ct);

        Assert.Equal(16, await schema.ScalarAsync<int>("SELECT octet_length(key) FROM items WHERE id = 'k00'", ct));
        Assert.Equal(times[0].UtcTicks, await schema.ScalarAsync<long>("SELECT at FROM items WHERE id = 'k00'", ct));
        var byAt = await store.ByAtAsync(ct);
        var ticks = byAt.Select(id => times[int.Parse(id.Value[1..]) % 3].UtcTicks).ToList();
        Assert.Equal(keys.Count, ticks.Count);
        Assert.Equal(ticks.Order(), ticks);
        Assert.Equal(times[1].UtcTicks, ticks[0]);
        Assert.Equal(Enumerable.Range(0, keys.Count).OrderBy(i => keys[i]).Select(i => new ItemId("k" + i.ToString("D2"))), await store.ByKeyAsync(ct));
        var back = (await store.GetAsync(new ItemId("k01"), ct))!;
        Assert.Equal(times[1], back.At);
        Assert.Equal(TimeSpan.Zero, back.At.Offset);
        Assert.Equal(keys[1], back.Key);
    }

    [Fact]
    public async Task Typed_ids_and_converted_values_are_IN_list_elements()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        await store.InsertAsync(Sample("a", owner: 7), ct);
        await store.InsertAsync(Sample("b", owner: 8), ct);
        await store.InsertAsync(Sample("c") with { Price = new Cents(4m) }, ct);

        Assert.Equal([new ItemId("a"), new ItemId("c")], await store.AmongAsync([new ItemId("c"), new ItemId("a"), new ItemId("zz")], ct));
        Assert.Empty(await store.AmongAsync([], ct));
        // A NULL element matches nothing, as in SQL.
        Assert.Equal([new ItemId("b")], await store.OwnedByAsync([new OwnerRef(8), null], ct));
        Assert.Equal([new ItemId("b")], await store.OwnedByAnyAsync([new OwnerRef(8), null!], ct));
        // Through the type's converter: 4.00 is stored as 400.
        Assert.Equal([new ItemId("c")], await store.PricedAsync([new Cents(4m)], ct));
    }
}
