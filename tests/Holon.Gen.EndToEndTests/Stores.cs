using System.Runtime.CompilerServices;
using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public sealed record Block(string Id, string? ParentId, string Content, long SortKey);

public sealed partial class BlockStore(SqlitePool pool)
{
    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
    public partial ValueTask<Block?> GetAsync(string id, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
    public partial Block? Get(string id);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
    public partial Task<Block> SingleAsync(string id, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial Task<List<Block>> ChildrenAsync(string parentId, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial IReadOnlyList<Block> ChildrenList(string parentId);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial ValueTask<Block[]> ChildrenArrayAsync(string parentId, CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks ORDER BY sort_key")]
    public partial IAsyncEnumerable<Block> StreamAsync([EnumeratorCancellation] CancellationToken ct = default);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks ORDER BY sort_key")]
    public partial IAsyncEnumerable<Block> StreamNoToken();

    [Query("SELECT id, content FROM blocks ORDER BY sort_key")]
    public partial IAsyncEnumerable<(string Id, string Content)> StreamTuples(CancellationToken ct);

    [Query("SELECT count(*) FROM blocks")]
    public partial long Count();

    [Query("SELECT max(sort_key) FROM blocks")]
    public partial ValueTask<long?> MaxSortKeyAsync(CancellationToken ct = default);

    [Command("INSERT INTO blocks (id, parent_id, content, sort_key) VALUES (@Id, @ParentId, @Content, @SortKey)")]
    public partial ValueTask<int> InsertAsync(Block block, CancellationToken ct = default);

    [Command("DELETE FROM blocks WHERE id = @id")]
    public partial int Delete(ConnectionLease lease, string id);

    [Command("DELETE FROM blocks WHERE id = @id")]
    public partial Task DeleteAsync(string id, CancellationToken ct = default);

    [Command("UPDATE blocks SET content = @content WHERE id = @id RETURNING sort_key")]
    public partial long? UpdateReturning(string id, string content);
}
