using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>Bulk commands: each element of the list binds @Member, all in one transaction (or a savepoint of the caller's).</summary>
public sealed partial class BulkStore(SqlitePool pool)
{
    public const string Schema = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER NOT NULL, tenant TEXT)";

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertMany(IReadOnlyList<Item> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial void InsertArray(Item[] items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertManyAsync(IEnumerable<Item> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial ValueTask<int> InsertStreamAsync(IAsyncEnumerable<Item> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty, tenant) VALUES (@name, @qty, @tenant)")]
    public partial int InsertForTenant(string tenant, List<Item> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertMany(ConnectionLease lease, IReadOnlyList<Item> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertOne(ConnectionLease lease, Item item);

    [Command("INSERT OR REPLACE INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int Upsert(IReadOnlyList<Item> items);

    [Query("SELECT count(*) FROM items")]
    public partial int Count();

    [Query("SELECT count(*) FROM items WHERE tenant = @tenant")]
    public partial int CountFor(string tenant);
}

public sealed record Item(string Name, long Qty);
