using Npgsql;

namespace Holon.Data.ParityTests;

public enum Size { Small = 1, Large = 2 }

[EnumAsText]
public enum Color { Red, Green }

/// <summary>Every mapped type the parity suite checks, in one row.</summary>
public sealed record Item(long Id, string Tag, int Count, short Small, bool Flag, double Ratio, decimal Price, string Name, Guid Key,
    DateTime At, DateOnly Day, byte[] Data, Size Size, Color Color, int? Maybe);

/// <summary>A member with a default is optional; one without is required.</summary>
public sealed record Optional(long Id, string Missing = "default");

public sealed record Required(long Id, string Missing);

public sealed record Parent(long ParentId);

/// <summary>The SQL both stores declare, written once: portable between SQLite and PostgreSQL.</summary>
public static class ParitySql
{
    public const string Columns = "id, tag, count, small, flag, ratio, price, name, key, at, day, data, size, color, maybe";
    public const string Insert = "INSERT INTO parity_items (tag, count, small, flag, ratio, price, name, key, at, day, data, size, color, maybe) "
        + "VALUES (@tag, @count, @small, @flag, @ratio, @price, @name, @key, @at, @day, @data, @size, @color, @maybe) RETURNING id";
    public const string ById = "SELECT " + Columns + " FROM parity_items WHERE id = @id";
    public const string ByTag = "SELECT " + Columns + " FROM parity_items WHERE tag = @tag ORDER BY id";
    public const string IdsByTag = "SELECT id FROM parity_items WHERE tag = @tag ORDER BY id";
    public const string Pairs = "SELECT id, name FROM parity_items WHERE tag = @tag ORDER BY id";
    public const string ByColor = "SELECT id FROM parity_items WHERE tag = @tag AND color = @color ORDER BY id";
    public const string Rename = "UPDATE parity_items SET name = @name WHERE tag = @tag";
    public const string RetagOne = "UPDATE parity_items SET name = 'changed' WHERE tag = @tag RETURNING id";
    public const string CountChanged = "SELECT count(*) FROM parity_items WHERE tag = @tag AND name = 'changed'";
    public const string IdOnly = "SELECT 7 AS id";
    public const string TwoColumns = "SELECT 1 AS parent_id, 2 AS parentid";
    public const string NullCount = "SELECT id, tag, NULL AS count FROM parity_items WHERE tag = @tag";
    public const string NoRow = "SELECT id FROM parity_items WHERE 1 = 0";
    public const string TwoRows = "SELECT 1 AS id UNION ALL SELECT 2";
}

/// <summary>The one set of declarations: both stores implement it, so a signature that drifts does not compile.</summary>
public interface IParityStore
{
    Task<long> InsertAsync(Item item, CancellationToken ct);
    Task<Item?> FindAsync(long id, CancellationToken ct);
    Item? Find(long id);
    ValueTask<Item> GetAsync(long id, CancellationToken ct);
    Task<List<Item>> ListAsync(string tag, CancellationToken ct);
    Task<IReadOnlyList<Item>> ReadOnlyListAsync(string tag, CancellationToken ct);
    Item[] Array(string tag);
    IAsyncEnumerable<long> StreamAsync(string tag, CancellationToken ct);
    Task<List<(long, string)>> TuplesAsync(string tag, CancellationToken ct);
    Task<List<(long Id, string Name)>> NamedTuplesAsync(string tag, CancellationToken ct);
    Task<List<long>> ByColorAsync(string tag, Color color, CancellationToken ct);
    Task<int> RenameAsync(string tag, string name, CancellationToken ct);
    Task RenameVoidAsync(string tag, string name, CancellationToken ct);
    Task<long> RetagOneAsync(string tag, CancellationToken ct);
    IAsyncEnumerable<long> RetagAllAsync(string tag, CancellationToken ct);
    Task<long> CountChangedAsync(string tag, CancellationToken ct);
    Task<Optional> OptionalAsync(CancellationToken ct);
    Task<Required> RequiredAsync(CancellationToken ct);
    Task<Parent> TwoColumnsAsync(CancellationToken ct);
    Task<List<(long Id, string Tag, int Count)>> NullCountAsync(string tag, CancellationToken ct);
    Task<long> NoRowAsync(CancellationToken ct);
    Task<long> TwoRowsAsync(CancellationToken ct);
}

// The two stores differ only in their connection source; keep their bodies line for line the same.
public sealed partial class SqliteParityStore(SqlitePool db) : IParityStore
{
    [Command(ParitySql.Insert)] public partial Task<long> InsertAsync(Item item, CancellationToken ct);
    [Query(ParitySql.ById)] public partial Task<Item?> FindAsync(long id, CancellationToken ct);
    [Query(ParitySql.ById)] public partial Item? Find(long id);
    [Query(ParitySql.ById)] public partial ValueTask<Item> GetAsync(long id, CancellationToken ct);
    [Query(ParitySql.ByTag)] public partial Task<List<Item>> ListAsync(string tag, CancellationToken ct);
    [Query(ParitySql.ByTag)] public partial Task<IReadOnlyList<Item>> ReadOnlyListAsync(string tag, CancellationToken ct);
    [Query(ParitySql.ByTag)] public partial Item[] Array(string tag);
    [Query(ParitySql.IdsByTag)] public partial IAsyncEnumerable<long> StreamAsync(string tag, CancellationToken ct);
    [Query(ParitySql.Pairs)] public partial Task<List<(long, string)>> TuplesAsync(string tag, CancellationToken ct);
    [Query(ParitySql.Pairs)] public partial Task<List<(long Id, string Name)>> NamedTuplesAsync(string tag, CancellationToken ct);
    [Query(ParitySql.ByColor)] public partial Task<List<long>> ByColorAsync(string tag, Color color, CancellationToken ct);
    [Command(ParitySql.Rename)] public partial Task<int> RenameAsync(string tag, string name, CancellationToken ct);
    [Command(ParitySql.Rename)] public partial Task RenameVoidAsync(string tag, string name, CancellationToken ct);
    [Command(ParitySql.RetagOne)] public partial Task<long> RetagOneAsync(string tag, CancellationToken ct);
    [Command(ParitySql.RetagOne)] public partial IAsyncEnumerable<long> RetagAllAsync(string tag, CancellationToken ct);
    [Query(ParitySql.CountChanged)] public partial Task<long> CountChangedAsync(string tag, CancellationToken ct);
    [Query(ParitySql.IdOnly)] public partial Task<Optional> OptionalAsync(CancellationToken ct);
    [Query(ParitySql.IdOnly)] public partial Task<Required> RequiredAsync(CancellationToken ct);
    [Query(ParitySql.TwoColumns)] public partial Task<Parent> TwoColumnsAsync(CancellationToken ct);
    [Query(ParitySql.NullCount)] public partial Task<List<(long Id, string Tag, int Count)>> NullCountAsync(string tag, CancellationToken ct);
    [Query(ParitySql.NoRow)] public partial Task<long> NoRowAsync(CancellationToken ct);
    [Query(ParitySql.TwoRows)] public partial Task<long> TwoRowsAsync(CancellationToken ct);
}

public sealed partial class PostgresParityStore(NpgsqlDataSource db) : IParityStore
{
    [Command(ParitySql.Insert)] public partial Task<long> InsertAsync(Item item, CancellationToken ct);
    [Query(ParitySql.ById)] public partial Task<Item?> FindAsync(long id, CancellationToken ct);
    [Query(ParitySql.ById)] public partial Item? Find(long id);
    [Query(ParitySql.ById)] public partial ValueTask<Item> GetAsync(long id, CancellationToken ct);
    [Query(ParitySql.ByTag)] public partial Task<List<Item>> ListAsync(string tag, CancellationToken ct);
    [Query(ParitySql.ByTag)] public partial Task<IReadOnlyList<Item>> ReadOnlyListAsync(string tag, CancellationToken ct);
    [Query(ParitySql.ByTag)] public partial Item[] Array(string tag);
    [Query(ParitySql.IdsByTag)] public partial IAsyncEnumerable<long> StreamAsync(string tag, CancellationToken ct);
    [Query(ParitySql.Pairs)] public partial Task<List<(long, string)>> TuplesAsync(string tag, CancellationToken ct);
    [Query(ParitySql.Pairs)] public partial Task<List<(long Id, string Name)>> NamedTuplesAsync(string tag, CancellationToken ct);
    [Query(ParitySql.ByColor)] public partial Task<List<long>> ByColorAsync(string tag, Color color, CancellationToken ct);
    [Command(ParitySql.Rename)] public partial Task<int> RenameAsync(string tag, string name, CancellationToken ct);
    [Command(ParitySql.Rename)] public partial Task RenameVoidAsync(string tag, string name, CancellationToken ct);
    [Command(ParitySql.RetagOne)] public partial Task<long> RetagOneAsync(string tag, CancellationToken ct);
    [Command(ParitySql.RetagOne)] public partial IAsyncEnumerable<long> RetagAllAsync(string tag, CancellationToken ct);
    [Query(ParitySql.CountChanged)] public partial Task<long> CountChangedAsync(string tag, CancellationToken ct);
    [Query(ParitySql.IdOnly)] public partial Task<Optional> OptionalAsync(CancellationToken ct);
    [Query(ParitySql.IdOnly)] public partial Task<Required> RequiredAsync(CancellationToken ct);
    [Query(ParitySql.TwoColumns)] public partial Task<Parent> TwoColumnsAsync(CancellationToken ct);
    [Query(ParitySql.NullCount)] public partial Task<List<(long Id, string Tag, int Count)>> NullCountAsync(string tag, CancellationToken ct);
    [Query(ParitySql.NoRow)] public partial Task<long> NoRowAsync(CancellationToken ct);
    [Query(ParitySql.TwoRows)] public partial Task<long> TwoRowsAsync(CancellationToken ct);
}
