using Holon.Data;

namespace Holon.Demo;

/// <summary>
/// The demo's data access, declared once. Holon.Gen writes every body: renting a lease from the pool (or using the
/// caller's), a statement prepared once per connection, binding, stepping and mapping rows to <see cref="Block"/>.
/// </summary>
public sealed partial class BlockStore(SqlitePool pool)
{
    [Command("INSERT INTO blocks (id, parent_id, content, content_type, sort_key, properties, created_at, updated_at) VALUES (@Id, @ParentId, @Content, @ContentType, @SortKey, @Properties, @CreatedAt, @UpdatedAt)")]
    public partial void Insert(ConnectionLease lease, Block block);

    [Command("INSERT INTO blocks (id, parent_id, content, content_type, sort_key, properties, created_at, updated_at) VALUES (@Id, @ParentId, @Content, @ContentType, @SortKey, @Properties, @CreatedAt, @UpdatedAt)")]
    public partial ValueTask<int> InsertAsync(Block block, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, content_type, sort_key, properties, created_at, updated_at FROM blocks WHERE id = @id")]
    public partial ValueTask<Block?> GetAsync(string id, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, content_type, sort_key, properties, created_at, updated_at FROM blocks WHERE id = @id")]
    public partial Block? Get(ConnectionLease lease, string id);

    [Query("SELECT id, parent_id, content, content_type, sort_key, properties, created_at, updated_at FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, content_type, sort_key, properties, created_at, updated_at FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial List<Block> Children(ConnectionLease lease, string parentId);

    [Command("UPDATE blocks SET content = @content, properties = @properties, updated_at = @updatedAt WHERE id = @id")]
    public partial ValueTask<int> UpdateContentAsync(string id, string content, string properties, long updatedAt, CancellationToken ct = default);

    [Command("DELETE FROM blocks WHERE id = @id")]
    public partial ValueTask<int> DeleteAsync(string id, CancellationToken ct = default);

    [Watch("SELECT id, parent_id, content, content_type, sort_key, properties, created_at, updated_at FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct = default);
}
