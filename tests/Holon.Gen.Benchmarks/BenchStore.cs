using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>The generated strategy: Holon.Gen writes every body.</summary>
public sealed partial class BenchStore(SqlitePool pool)
{
    [Query(Sql.Get)]
    public partial Block? Get(string id);

    [Query(Sql.Get)]
    public partial ValueTask<Block?> GetAsync(string id, CancellationToken ct = default);

    [Query(Sql.Children)]
    public partial List<Block> Children(string parentId);

    [Query(Sql.Children)]
    public partial ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct = default);

    [Command(Sql.Insert)]
    public partial int Insert(Block block);

    [Command(Sql.Insert)]
    public partial ValueTask<int> InsertAsync(Block block, CancellationToken ct = default);

    /// <summary>On the caller's lease, inside its transaction.</summary>
    [Command(Sql.Insert)]
    public partial int InsertOn(ConnectionLease lease, Block block);

    /// <summary>A single-row RETURNING shape: runs inside a savepoint, unlike <see cref="Insert"/>.</summary>
    [Command(Sql.Insert + " RETURNING sort_key")]
    public partial long InsertReturning(Block block);

    /// <summary>On the caller's lease, inside its transaction.</summary>
    [Command(Sql.Insert)]
    public partial ValueTask<int> InsertOnAsync(ConnectionLease lease, Block block, CancellationToken ct = default);

    /// <summary>Which SQLite the generated code runs on (the table mode checks every library runs the same one).</summary>
    [Query("SELECT sqlite_source_id() AS source_id")]
    public partial string SourceId();
}
