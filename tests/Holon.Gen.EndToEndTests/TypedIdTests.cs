using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// Single-value wrappers (record structs, classes, the StronglyTypedId and Vogen shapes) and converters bind and read
/// as their store values: as parameters, members, scalar results and tuple elements, with NULL for nullable forms.
/// </summary>
public sealed class TypedIdTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly TypedIdStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public TypedIdTests()
    {
        _store = new TypedIdStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE typed (id TEXT PRIMARY KEY, parent_id TEXT, owner INTEGER, price INTEGER NOT NULL, order_id BLOB, customer INTEGER)");
    }

    public void Dispose() => _db.Dispose();

#pragma warning disable HOLON101
    private T Raw<T>(string sql)
    {
        using var lease = _db.Pool.RentReader(Ct);
        return lease.Scalar<T>(sql)!;
    }
#pragma warning restore HOLON101

    private static TypedBlock Sample(string id, string? parent = null, long? owner = null, int customer = 0) =>
        new(new BlockId(id), parent is null ? null : new BlockId(parent), owner is null ? null : new OwnerId(owner.Value), new Money(1.25m, "EUR"))
        {
            Order = new OrderId(Guid.Parse("00000000-0000-0000-0000-00000000000" + (id[0] % 10))),
            Customer = CustomerId.From(customer),
        };

    [Fact]
    public async Task Wrappers_bind_and_read_as_their_values()
    {
        var root = Sample("a", owner: 7, customer: 3);
        Assert.Equal(1, _store.Insert(root));
        Assert.Equal(1, _store.Insert(Sample("b", parent: "a")));
        Assert.Equal("a", Raw<string>("SELECT id FROM typed WHERE parent_id IS NULL"));
        Assert.Equal(7L, Raw<long>("SELECT owner FROM typed WHERE id = 'a'"));
        Assert.Equal(125L, Raw<long>("SELECT price FROM typed WHERE id = 'a'"));

        var read = _store.Get(new BlockId("a"))!;
        Assert.Equal(root with { }, read);
        Assert.Equal(root.Order, read.Order);
        Assert.Equal(3, read.Customer.Value);
        Assert.Equal(root, await _store.GetAsync(new BlockId("a")));
        Assert.Equal([new BlockId("a"), new BlockId("b")], _store.Ids());
        Assert.Equal([new BlockId("a")], await _store.IdsOfAsync(new OwnerId(7)));
        Assert.Equal(new BlockId("a"), _store.ByCustomer(CustomerId.From(3)));
        Assert.Equal(new BlockId("a"), _store.ByOrder(root.Order));
    }

    [Fact]
    public void Nullable_wrappers_bind_and_read_null()
    {
        _store.Insert(Sample("a"));
        _store.Insert(Sample("b", parent: "a"));
        var a = _store.Get(new BlockId("a"))!;
        Assert.Null(a.ParentId);
        Assert.Null(a.Owner);
        Assert.Null(_store.ParentOf(new BlockId("a")));
        Assert.Equal(new BlockId("a"), _store.ParentOf(new BlockId("b")));
        Assert.Null(_store.OwnerOf(new BlockId("a")));
        Assert.Equal(1, _store.CountChildren(null));
        Assert.Equal(1, _store.CountChildren(new BlockId("a")));
    }

    [Fact]
    public void A_converter_on_the_type_stores_a_value_object()
    {
        _store.Insert(Sample("a") with { Price = new Money(12.34m, "EUR") });
        Assert.Equal(1234L, Raw<long>("SELECT price FROM typed"));
        Assert.Equal([(new BlockId("a"), new Money(12.34m, "EUR"))], _store.Prices());
    }

    [Fact]
    public void A_converter_on_a_parameter_overrides_the_wrapper_rule()
    {
        _store.Insert(Sample("abc"));
        Assert.Equal(1, _store.Shout(new BlockId("abc")));
        Assert.Equal("ABC", Raw<string>("SELECT id FROM typed"));
        Assert.Equal("ABC", _store.RawId(new BlockId("abc")));
    }

    [Fact]
    public void Null_in_a_non_nullable_wrapper_member_throws_naming_the_member()
    {
        using (var lease = _db.Pool.RentWriter(Ct))
            lease.Execute("INSERT INTO typed (id, price) VALUES ('x', 1)");
        var error = Assert.ThrowsAny<Exception>(() => _store.Get(new BlockId("x")));
        Assert.Contains("member 'Order'", error.Message);
        Assert.Contains("TypedIdStore.Get", error.Message);
    }

    [Fact]
    public void Typed_ids_and_converted_values_are_IN_list_elements()
    {
        _store.Insert(Sample("a", owner: 7));
        _store.Insert(Sample("b", owner: 8));
        _store.Insert(Sample("c") with { Price = new Money(2m, "EUR") });

        Assert.Equal([new BlockId("a"), new BlockId("c")], _store.Among([new BlockId("c"), new BlockId("a"), new BlockId("zz")]));
        Assert.Empty(_store.Among([]));
        // A NULL element matches nothing, as in SQL.
        Assert.Equal([new BlockId("b")], _store.OwnedBy([new OwnerId(8), null]));
        Assert.Equal([new BlockId("b")], _store.OwnedByAny([new OwnerId(8), null!]));
        // Through the type's converter: 2.00 EUR is stored as 200.
        Assert.Equal([new BlockId("c")], _store.Priced([new Money(2m, "EUR")]));
    }
}
