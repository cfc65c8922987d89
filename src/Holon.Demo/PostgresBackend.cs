using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Holon.Data;
using Holon.Data.Npgsql;
using Npgsql;

namespace Holon.Demo;

/// <summary>
/// The demo's data access on PostgreSQL, declared like <see cref="BlockStore"/>: the NpgsqlDataSource selects
/// Holon.Gen's PostgreSQL backend. Reads the writer depends on use ReadFromPrimary (read-your-writes on replicas).
/// </summary>
public sealed partial class PgBlockStore(NpgsqlDataSource db)
{
    private const string Columns = "id, parent_id, content, content_type, sort_key, properties, created_at, updated_at";

    [Command("CREATE TABLE blocks (id text PRIMARY KEY NOT NULL, parent_id text, content text NOT NULL, content_type text NOT NULL, "
        + "sort_key bigint NOT NULL, properties text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL)")]
    public partial Task CreateBlocksTableAsync(CancellationToken ct = default);

    [Command("CREATE INDEX blocks_by_parent ON blocks (parent_id, sort_key)")]
    public partial Task CreateParentIndexAsync(CancellationToken ct = default);

    [Command("INSERT INTO blocks (" + Columns + ") VALUES (@Id, @ParentId, @Content, @ContentType, @SortKey, @Properties, @CreatedAt, @UpdatedAt)")]
    public partial Task InsertAsync(NpgsqlConnection connection, Block block, CancellationToken ct = default);

    [Command("INSERT INTO blocks (" + Columns + ") VALUES (@Id, @ParentId, @Content, @ContentType, @SortKey, @Properties, @CreatedAt, @UpdatedAt)")]
    public partial ValueTask<int> InsertAsync(Block block, CancellationToken ct = default);

    [Query("SELECT " + Columns + " FROM blocks WHERE id = @id", ReadFromPrimary = true)]
    public partial ValueTask<Block?> GetAsync(string id, CancellationToken ct = default);

    [Query("SELECT " + Columns + " FROM blocks WHERE id = @id")]
    public partial Task<Block?> GetAsync(NpgsqlConnection connection, string id, CancellationToken ct = default);

    [Query("SELECT " + Columns + " FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct = default);

    [Query("SELECT " + Columns + " FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial Task<List<Block>> ChildrenAsync(NpgsqlConnection connection, string parentId, CancellationToken ct = default);

    /// <summary>A live query: the children now, then again after each commit that touched blocks (logical replication).</summary>
    [Watch("SELECT " + Columns + " FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
    public partial IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct = default);

    [Command("UPDATE blocks SET content = @content, properties = @properties, updated_at = @updatedAt WHERE id = @id")]
    public partial ValueTask<int> UpdateContentAsync(string id, string content, string properties, long updatedAt, CancellationToken ct = default);

    [Command("DELETE FROM blocks WHERE id = @id")]
    public partial ValueTask<int> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>Every row in SQLite's order (byte order of id, hence COLLATE "C"), read from the primary.</summary>
    [Query("SELECT " + Columns + " FROM blocks ORDER BY id COLLATE \"C\"", ReadFromPrimary = true)]
    public partial IAsyncEnumerable<Block> AllAsync(CancellationToken ct = default);
}

/// <summary>
/// The workload on PostgreSQL through the generated <see cref="PgBlockStore"/>, in a schema of its own that it
/// creates and drops. The watch is the generated [Watch] (logical replication: the server needs wal_level = logical),
/// over a publication of its own that it drops too.
/// </summary>
internal sealed class PostgresBackend : IBlockBackend
{
    private readonly NpgsqlDataSource _admin;
    private readonly NpgsqlDataSource _db;
    private readonly PgBlockStore _store;
    private readonly string _schema = "holon_demo_" + Guid.NewGuid().ToString("N")[..12];
    private readonly NpgsqlWatcher _watcher;

    public PostgresBackend(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = _schema };
        // Several hosts (primary and standbys) make a multi-host source: queries go to a standby, commands to the primary.
        bool multiHost = b.Host?.Contains(',') == true;
        _admin = multiHost
            ? new NpgsqlDataSourceBuilder(connectionString).BuildMultiHost().WithTargetSession(TargetSessionAttributes.Primary)
            : NpgsqlDataSource.Create(connectionString);
        _db = multiHost ? new NpgsqlDataSourceBuilder(b.ConnectionString).BuildMultiHost() : NpgsqlDataSource.Create(b.ConnectionString);
        _store = new PgBlockStore(_db);
        _watcher = NpgsqlWatcher.Configure(_db, new NpgsqlWatchOptions { Publication = _schema });
    }

    public string Name => "PostgreSQL";

    /// <summary>Npgsql keeps its own pool and prepared statements; the demo does not count them.</summary>
    public BackendCounters Counters => default;

    public long? WatchConnectionsCreated => null;

    public async ValueTask InitializeAsync(CancellationToken ct)
    {
        await using (var c = await _admin.OpenConnectionAsync(ct))
        await using (var cmd = new NpgsqlCommand("CREATE SCHEMA " + _schema, c))
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await _store.CreateBlocksTableAsync(ct);
        await _store.CreateParentIndexAsync(ct);
    }

    public async ValueTask InsertBatchAsync(IReadOnlyList<Block> blocks, CancellationToken ct)
    {
        await using var connection = await Holon.Data.Npgsql.NpgsqlRoute.Command(_db).OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var block in blocks) await _store.InsertAsync(connection, block, ct);
        await tx.CommitAsync(ct);
    }

    public async ValueTask InsertAsync(Block block, CancellationToken ct) => await _store.InsertAsync(block, ct);

    public ValueTask<Block?> GetAsync(string id, CancellationToken ct) => _store.GetAsync(id, ct);

    public ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct) => _store.ChildrenAsync(parentId, ct);

    public ValueTask<int> UpdateContentAsync(string id, string content, string properties, long updatedAt, CancellationToken ct) =>
        _store.UpdateContentAsync(id, content, properties, updatedAt, ct);

    public ValueTask<int> DeleteAsync(string id, CancellationToken ct) => _store.DeleteAsync(id, ct);

    public async ValueTask<int> RefreshDocumentAsync(string documentId, CancellationToken ct)
    {
        // One snapshot on the primary (the writer reads what it just wrote): the root, then every level of children.
        await using var connection = await Holon.Data.Npgsql.NpgsqlRoute.Query(_db, readFromPrimary: true).OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var root = await _store.GetAsync(connection, documentId, ct);
        if (root is null) return 0;
        var pending = new Queue<string>();
        pending.Enqueue(root.Id);
        int count = 1;
        while (pending.TryDequeue(out var next))
        {
            foreach (var child in await _store.ChildrenAsync(connection, next, ct))
            {
                count++;
                pending.Enqueue(child.Id);
            }
        }
        await tx.CommitAsync(ct);
        return count;
    }

    public IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct) => _store.WatchChildren(parentId, ct);

    /// <summary>The same SHA-256 as <see cref="ContentHash"/> (every value tagged with its SQLite storage class), over PostgreSQL's rows.</summary>
    public async Task<(string Hash, long Rows)> ContentHashAsync(CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scratch = new byte[9];
        long rows = 0;
        void Text(string? value)
        {
            if (value is null)
            {
                hash.AppendData([0]);
                return;
            }
            var bytes = Encoding.UTF8.GetBytes(value);
            scratch[0] = 3;
            BinaryPrimitives.WriteInt64LittleEndian(scratch.AsSpan(1), bytes.Length);
            hash.AppendData(scratch);
            hash.AppendData(bytes);
        }
        void Integer(long value)
        {
            scratch[0] = 1;
            BinaryPrimitives.WriteInt64LittleEndian(scratch.AsSpan(1), value);
            hash.AppendData(scratch);
        }
        await foreach (var b in _store.AllAsync(ct))
        {
            rows++;
            Text(b.Id);
            Text(b.ParentId);
            Text(b.Content);
            Text(b.ContentType);
            Integer(b.SortKey);
            Text(b.Properties);
            Integer(b.CreatedAt);
            Integer(b.UpdatedAt);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), rows);
    }

    public async ValueTask DisposeAsync()
    {
        await _watcher.DisposeAsync();   // its replication connection and temporary slot go first
        await _db.DisposeAsync();
        await using (var c = await _admin.OpenConnectionAsync())
        await using (var cmd = new NpgsqlCommand("DROP SCHEMA IF EXISTS " + _schema + " CASCADE; DROP PUBLICATION IF EXISTS " + _schema, c))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        await _admin.DisposeAsync();
    }
}
