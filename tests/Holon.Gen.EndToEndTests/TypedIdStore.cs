using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>A typed id: a single-value wrapper, bound and read as its string without any attribute.</summary>
public readonly record struct BlockId(string Value);

/// <summary>A typed id as a class (nullable as <c>OwnerId?</c>).</summary>
public sealed record OwnerId(long Value);

/// <summary>The shape StronglyTypedId generates: a public constructor taking <c>value</c>, a <c>Value</c> property.</summary>
public readonly partial struct OrderId : IComparable<OrderId>
{
    public OrderId(Guid value) => Value = value;

    public Guid Value { get; }

    public int CompareTo(OrderId other) => Value.CompareTo(other.Value);
}

/// <summary>The shape Vogen generates: no public constructor taking the value, a static <c>From</c> and <c>Value</c>.</summary>
public readonly struct CustomerId
{
    private readonly int _value;

    private CustomerId(int value) => _value = value;

    [Obsolete("Use From")]
    public CustomerId() => throw new InvalidOperationException("Use From.");

    public int Value => _value;

    public static CustomerId From(int value) => new(value);
}

/// <summary>A value object stored through a converter on its type: cents as INTEGER.</summary>
[SqlConverter(typeof(MoneyAsCents))]
public readonly record struct Money(decimal Amount, string Currency);

public sealed class MoneyAsCents : ISqlConverter<Money, long>
{
    public static long ToStore(Money value) => (long)(value.Amount * 100);

    public static Money FromStore(long value) => new(value / 100m, "EUR");
}

/// <summary>A converter that overrides the wrapper rule for one member: the id stored upper-case.</summary>
public sealed class UpperBlockId : ISqlConverter<BlockId, string>
{
    public static string ToStore(BlockId value) => value.Value.ToUpperInvariant();

    public static BlockId FromStore(string value) => new(value.ToLowerInvariant());
}

public sealed record TypedBlock(BlockId Id, BlockId? ParentId, OwnerId? Owner, Money Price)
{
    public OrderId Order { get; init; }

    public CustomerId Customer { get; set; }
}

/// <summary>Typed ids and value objects as parameters, members, scalar results and tuple elements.</summary>
public sealed partial class TypedIdStore(SqlitePool pool)
{
    [Command("INSERT INTO typed (id, parent_id, owner, price, order_id, customer) VALUES (@Id, @ParentId, @Owner, @Price, @Order, @Customer)")]
    public partial int Insert(TypedBlock block);

    [Query("SELECT id, parent_id AS ParentId, owner, price, order_id AS \"Order\", customer FROM typed WHERE id = @id")]
    public partial TypedBlock? Get(BlockId id);

    [Query("SELECT id, parent_id AS ParentId, owner, price, order_id AS \"Order\", customer FROM typed WHERE id = @id")]
    public partial Task<TypedBlock?> GetAsync(BlockId id);

    [Query("SELECT id FROM typed ORDER BY id")]
    public partial List<BlockId> Ids();

    [Query("SELECT id FROM typed WHERE owner = @owner ORDER BY id")]
    public partial Task<List<BlockId>> IdsOfAsync(OwnerId owner);

    [Query("SELECT parent_id FROM typed WHERE id = @id")]
    public partial BlockId? ParentOf(BlockId id);

    [Query("SELECT owner FROM typed WHERE id = @id")]
    public partial OwnerId? OwnerOf(BlockId id);

    [Query("SELECT count(*) FROM typed WHERE parent_id IS @parent")]
    public partial long CountChildren(BlockId? parent);

    [Query("SELECT id, price FROM typed ORDER BY id")]
    public partial List<(BlockId Id, Money Price)> Prices();

    [Query("SELECT id FROM typed WHERE customer = @customer")]
    public partial BlockId ByCustomer(CustomerId customer);

    [Query("SELECT id FROM typed WHERE order_id = @order")]
    public partial BlockId ByOrder(OrderId order);

    [Command("UPDATE typed SET id = @id WHERE id = lower(@id)")]
    public partial int Shout([SqlConverter(typeof(UpperBlockId))] BlockId id);

    [Query("SELECT id FROM typed WHERE id = @id")]
    public partial string? RawId([SqlConverter(typeof(UpperBlockId))] BlockId id);

    [Query("SELECT id FROM typed WHERE id IN @ids ORDER BY id")]
    public partial List<BlockId> Among(IReadOnlyList<BlockId> ids);

    [Query("SELECT id FROM typed WHERE owner IN @owners ORDER BY id")]
    public partial List<BlockId> OwnedBy(OwnerId?[] owners);

    /// <summary>Declared without '?': a null element is still a NULL element, as on PostgreSQL.</summary>
    [Query("SELECT id FROM typed WHERE owner IN @owners ORDER BY id")]
    public partial List<BlockId> OwnedByAny(OwnerId[] owners);

    [Query("SELECT id FROM typed WHERE price IN @prices ORDER BY id")]
    public partial List<BlockId> Priced(List<Money> prices);
}
