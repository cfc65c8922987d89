using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public sealed partial class WatchStore(SqlitePool pool)
{
    [Watch("SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct = default);

    [Watch("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
    public partial IAsyncEnumerable<Block?> WatchBlock(string id, CancellationToken ct = default);

    [Watch("SELECT count(*) FROM blocks")]
    public partial IAsyncEnumerable<long> WatchCount(CancellationToken ct = default);

    [Watch("SELECT count(*) FROM blocks WHERE parent_id = @parentId AND sort_key >= @minSort")]
    public partial IAsyncEnumerable<int> WatchCountFrom(string parentId, long minSort, CancellationToken ct = default);
}
