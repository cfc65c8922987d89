namespace Holon.Demo;

/// <summary>
/// The data layer the workload drives. Both implementations do the same logical work; they differ only in how they
/// get connections and statements.
/// </summary>
internal interface IBlockBackend : IAsyncDisposable
{
    /// <summary>Short name for the table header.</summary>
    string Name { get; }

    /// <summary>Creates the table and index (the app's "init queries").</summary>
    ValueTask InitializeAsync(CancellationToken ct);

    /// <summary>Inserts the blocks in one write transaction.</summary>
    ValueTask InsertBatchAsync(IReadOnlyList<Block> blocks, CancellationToken ct);

    /// <summary>Inserts one block in its own (autocommit) transaction.</summary>
    ValueTask InsertAsync(Block block, CancellationToken ct);

    ValueTask<Block?> GetAsync(string id, CancellationToken ct);

    /// <summary>The direct children of a block, ordered by sort_key.</summary>
    ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct);

    ValueTask<int> UpdateContentAsync(string id, string content, string properties, long updatedAt, CancellationToken ct);

    ValueTask<int> DeleteAsync(string id, CancellationToken ct);

    /// <summary>The cache refresh: re-reads a whole document (root and every descendant) in one read transaction.</summary>
    /// <returns>How many blocks the document has.</returns>
    ValueTask<int> RefreshDocumentAsync(string documentId, CancellationToken ct);

    /// <summary>A parent's children now, then again after every change (the per-operation backend does it the original way).</summary>
    IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct);

    /// <summary>
    /// Physical connections opened just for watching (also counted in <see cref="Counters"/>), or null when the
    /// backend's watches have no connections of their own and run on the connections it counts anyway.
    /// </summary>
    long? WatchConnectionsCreated { get; }

    /// <summary>Physical connections created so far and statements prepared so far.</summary>
    BackendCounters Counters { get; }
}

/// <summary>What the result table compares, beyond time.</summary>
internal readonly record struct BackendCounters(long ConnectionsCreated, long StatementsPrepared);
