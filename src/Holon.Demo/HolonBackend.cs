using Holon.Data;

namespace Holon.Demo;

/// <summary>
/// The workload through the generated <see cref="BlockStore"/> on one <see cref="SqlitePool"/>: one writer and a few
/// readers, opened once, each preparing a statement once and keeping it.
/// </summary>
internal sealed partial class HolonBackend : IBlockBackend
{
    private readonly SqlitePool _pool;
    private readonly BlockStore _store;

    public HolonBackend(string path, int readers)
    {
        _pool = new SqlitePool(new SqlitePoolOptions
        {
            ConnectionString = $"Data Source={path}",
            // One reader connection per concurrent reader task; the writer's document refreshes queue with them.
            MaxReaders = Math.Max(1, readers),
            // The schema: Migrations/*.sql, compiled in by the generator and applied before the first lease.
            Migrations = HolonMigrations.All,
        });
        _store = new BlockStore(_pool);
    }

    public string Name => "Holon.Gen";

    public BackendCounters Counters
    {
        get
        {
            var stats = _pool.Statistics;
            return new BackendCounters(stats.ConnectionsCreated, stats.StatementsPrepared);
        }
    }

    public async ValueTask InitializeAsync(CancellationToken ct)
    {
        // The first lease applies SqlitePoolOptions.Migrations; a failure would surface here as a MigrationException.
        await using var lease = await _pool.RentWriterAsync(ct);
    }

    public async ValueTask InsertBatchAsync(IReadOnlyList<Block> blocks, CancellationToken ct) =>
        await _pool.WriteAsync(lease =>
        {
            foreach (var block in blocks)
            {
                _store.Insert(lease, block);
            }

            return ValueTask.CompletedTask;
        }, ct);

    public async ValueTask InsertAsync(Block block, CancellationToken ct) => await _store.InsertAsync(block, ct);

    public ValueTask<Block?> GetAsync(string id, CancellationToken ct) => _store.GetAsync(id, ct);

    public ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct) => _store.ChildrenAsync(parentId, ct);

    public ValueTask<int> UpdateContentAsync(string id, string content, string properties, long updatedAt, CancellationToken ct) =>
        _store.UpdateContentAsync(id, content, properties, updatedAt, ct);

    public ValueTask<int> DeleteAsync(string id, CancellationToken ct) => _store.DeleteAsync(id, ct);

    public async ValueTask<int> RefreshDocumentAsync(string documentId, CancellationToken ct) =>
        await _pool.ReadAsync(lease =>
        {
            // One read snapshot: the root, then every level of children, on the same lease.
            var root = _store.Get(lease, documentId);
            if (root is null)
            {
                return ValueTask.FromResult(0);
            }

            var pending = new Queue<string>();
            pending.Enqueue(root.Id);
            int count = 1;
            while (pending.TryDequeue(out var next))
            {
                foreach (var child in _store.Children(lease, next))
                {
                    count++;
                    pending.Enqueue(child.Id);
                }
            }

            return ValueTask.FromResult(count);
        }, ct);

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
