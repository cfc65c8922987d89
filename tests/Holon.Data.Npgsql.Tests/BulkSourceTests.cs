using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>Bulk commands on PostgreSQL over every source shape the docs list, beyond those <see cref="BulkStore"/> declares.</summary>
public sealed partial class BulkSourceStore(NpgsqlDataSource source)
{
    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertListAsync(List<BulkItem> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertArrayAsync(BulkItem[] items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertIList(IList<BulkItem> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertCollectionAsync(IReadOnlyCollection<BulkItem> items, CancellationToken ct);
}

public sealed class BulkSourceTests(PgFixture pg)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<BulkItem> Items(int count, string prefix) => Enumerable.Range(0, count).Select(i => new BulkItem(prefix + i, i));

    [Fact]
    public async Task List_array_IList_and_IReadOnlyCollection_commit_every_row_or_nothing()
    {
        pg.Require();
        var schema = await TempSchema.CreateAsync(pg, Ct);
        await using var _ = schema;
        await schema.ExecuteAsync(BulkStore.Schema, Ct);
        var store = new BulkSourceStore(schema.Source);
        var counts = new BulkStore(schema.Source);

        Assert.Equal(10, await store.InsertListAsync(Items(10, "list").ToList(), Ct));
        Assert.Equal(10, await store.InsertArrayAsync(Items(10, "array").ToArray(), Ct));
        Assert.Equal(10, store.InsertIList(Items(10, "ilist").ToArray()));
        Assert.Equal(10, await store.InsertCollectionAsync(Items(10, "set").ToHashSet(), Ct));
        Assert.Equal(40, await counts.CountAsync(Ct));

        var failing = Items(10, "x").ToList();
        failing[6] = new BulkItem("x0", 1);
        Assert.Equal(6, Assert.Throws<BulkCommandException>(() => store.InsertIList(failing)).Index);
        Assert.Equal(6, (await Assert.ThrowsAsync<BulkCommandException>(() => store.InsertCollectionAsync(failing, Ct))).Index);
        Assert.Equal(40, await counts.CountAsync(Ct));
    }
}
