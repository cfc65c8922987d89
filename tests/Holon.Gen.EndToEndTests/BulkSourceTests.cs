using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>Bulk commands over every source shape the docs list, beyond those <see cref="BulkStore"/> declares.</summary>
public sealed partial class BulkSourceStore(SqlitePool pool)
{
    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertList(List<Item> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertIList(IList<Item> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertCollectionAsync(IReadOnlyCollection<Item> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertEnumerable(IEnumerable<Item> items);
}

public sealed class BulkSourceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly BulkSourceStore _store;
    private readonly BulkStore _counts;

    public BulkSourceTests()
    {
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken)) lease.Execute(BulkStore.Schema);
        _store = new BulkSourceStore(_db.Pool);
        _counts = new BulkStore(_db.Pool);
    }

    public void Dispose() => _db.Dispose();

    private static IEnumerable<Item> Items(int count, string prefix) => Enumerable.Range(0, count).Select(i => new Item(prefix + i, i));

    [Fact]
    public async Task List_IList_IReadOnlyCollection_and_lazy_IEnumerable_commit_every_row()
    {
        Assert.Equal(10, _store.InsertList(Items(10, "list").ToList()));
        Assert.Equal(10, _store.InsertIList(Items(10, "ilist").ToArray()));
        Assert.Equal(10, await _store.InsertCollectionAsync(Items(10, "set").ToHashSet(), TestContext.Current.CancellationToken));
        Assert.Equal(10, _store.InsertEnumerable(Items(10, "lazy")));
        Assert.Equal(0, _store.InsertIList(new List<Item>()));
        Assert.Equal(40, _counts.Count());
    }

    [Fact]
    public void A_failing_element_of_an_IList_or_IReadOnlyCollection_writes_nothing()
    {
        var items = Items(10, "x").ToList();
        items[6] = new Item("x0", 1);
        var e = Assert.Throws<BulkCommandException>(() => _store.InsertIList(items));
        Assert.Equal(6, e.Index);
        var c = Assert.Throws<AggregateException>(() => _store.InsertCollectionAsync(items, CancellationToken.None).Wait(TestContext.Current.CancellationToken));
        Assert.Equal(6, Assert.IsType<BulkCommandException>(c.InnerException).Index);
        Assert.Equal(0, _counts.Count());
    }
}
