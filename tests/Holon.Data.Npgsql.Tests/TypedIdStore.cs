using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>A typed id: a single-value wrapper, bound and read as its string.</summary>
public readonly record struct ItemId(string Value);

/// <summary>A typed id as a class, nullable as <c>OwnerRef?</c>.</summary>
public sealed record OwnerRef(long Value);

/// <summary>The shape Vogen generates: a static <c>From</c> and a <c>Value</c>.</summary>
public readonly struct Quantity
{
    private readonly int _value;

    private Quantity(int value) => _value = value;

    public int Value => _value;

    public static Quantity From(int value) => new(value);
}

/// <summary>A value object with a converter on its type: cents as bigint.</summary>
[SqlConverter(typeof(CentsConverter))]
public readonly record struct Cents(decimal Amount);

public sealed class CentsConverter : ISqlConverter<Cents, long>
{
    public static long ToStore(Cents value) => (long)(value.Amount * 100);

    public static Cents FromStore(long value) => new(value / 100m);
}

public sealed record Item(ItemId Id, ItemId? ParentId, OwnerRef? Owner, Cents Price, Quantity Quantity,
    [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset At,
    [SqlConverter(typeof(GuidAsBlob))] Guid Key);

/// <summary>Typed ids, a value object and the ordered storages on PostgreSQL, through the same generated plumbing as SQLite.</summary>
public sealed partial class TypedIdStore(NpgsqlDataSource db)
{
    const string Columns = "id, parent_id AS ParentId, owner, price, quantity, at, key";

    [Command("INSERT INTO items (id, parent_id, owner, price, quantity, at, key) VALUES (@Id, @ParentId, @Owner, @Price, @Quantity, @At, @Key)")]
    public partial Task<int> InsertAsync(Item item, CancellationToken ct = default);

    [Query("SELECT " + Columns + " FROM items WHERE id = @id")]
    public partial Task<Item?> GetAsync(ItemId id, CancellationToken ct = default);

    [Query("SELECT id FROM items ORDER BY id")]
    public partial Task<List<ItemId>> IdsAsync(CancellationToken ct = default);

    [Query("SELECT parent_id FROM items WHERE id = @id")]
    public partial Task<ItemId?> ParentOfAsync(ItemId id, CancellationToken ct = default);

    [Query("SELECT count(*) FROM items WHERE parent_id IS NOT DISTINCT FROM @parent")]
    public partial Task<long> CountChildrenAsync(ItemId? parent, CancellationToken ct = default);

    [Query("SELECT id, owner FROM items WHERE owner = @owner ORDER BY id")]
    public partial Task<List<(ItemId Id, OwnerRef? Owner)>> OfOwnerAsync(OwnerRef owner, CancellationToken ct = default);

    [Query("SELECT id FROM items ORDER BY at")]
    public partial Task<List<ItemId>> ByAtAsync(CancellationToken ct = default);

    [Query("SELECT id FROM items ORDER BY key")]
    public partial Task<List<ItemId>> ByKeyAsync(CancellationToken ct = default);

    [Query("SELECT price FROM items WHERE quantity = @quantity")]
    public partial Task<Cents> PriceAsync(Quantity quantity, CancellationToken ct = default);

    [Query("SELECT id FROM items WHERE id IN @ids ORDER BY id")]
    public partial Task<List<ItemId>> AmongAsync(IReadOnlyList<ItemId> ids, CancellationToken ct = default);

    [Query("SELECT id FROM items WHERE owner IN @owners ORDER BY id")]
    public partial Task<List<ItemId>> OwnedByAsync(OwnerRef?[] owners, CancellationToken ct = default);

    /// <summary>Declared without '?': a null element is still a NULL element, as on SQLite.</summary>
    [Query("SELECT id FROM items WHERE owner IN @owners ORDER BY id")]
    public partial Task<List<ItemId>> OwnedByAnyAsync(OwnerRef[] owners, CancellationToken ct = default);

    [Query("SELECT id FROM items WHERE price IN @prices ORDER BY id")]
    public partial Task<List<ItemId>> PricedAsync(List<Cents> prices, CancellationToken ct = default);
}
