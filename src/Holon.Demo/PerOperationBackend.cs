using Microsoft.Data.Sqlite;

namespace Holon.Demo;

/// <summary>
/// The original app's data layer: a brand-new <see cref="SqliteConnection"/> for every call, with Microsoft.Data.Sqlite's
/// own pooling off (<c>Pooling=False</c>), so every open is a physical connection and every command is prepared again.
/// </summary>
internal sealed partial class PerOperationBackend : IBlockBackend
{
    private readonly string _connectionString;
    private long _connections;
    private long _statements;

    public PerOperationBackend(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    public string Name => "per-operation";

    public BackendCounters Counters => new(Interlocked.Read(ref _connections), Interlocked.Read(ref _statements));

    public ValueTask InitializeAsync(CancellationToken ct)
    {
        using var connection = OpenForWrite();
        // WAL is a property of the file: set once, every later connection inherits it.
        Execute(connection, "PRAGMA journal_mode=WAL");
        // The same migration files as the pool applies, run the plain ADO.NET way (no tracking table).
        foreach (var migration in HolonMigrations.All)
        {
            using var transaction = connection.BeginTransaction();
            using var command = NewCommand(connection, migration.Sql);
            command.Transaction = transaction;
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        return default;
    }

    public ValueTask InsertBatchAsync(IReadOnlyList<Block> blocks, CancellationToken ct)
    {
        using var connection = OpenForWrite();
        using var transaction = connection.BeginTransaction();
        using var command = NewCommand(connection, InsertSql);
        command.Transaction = transaction;
        var p = AddInsertParameters(command);
        foreach (var block in blocks)
        {
            SetInsertParameters(p, block);
            command.ExecuteNonQuery();   // same text on the same connection: Microsoft.Data.Sqlite keeps it prepared
        }

        transaction.Commit();
        return default;
    }

    public ValueTask InsertAsync(Block block, CancellationToken ct)
    {
        using var connection = OpenForWrite();
        using var command = NewCommand(connection, InsertSql);
        SetInsertParameters(AddInsertParameters(command), block);
        command.ExecuteNonQuery();
        return default;
    }

    public ValueTask<Block?> GetAsync(string id, CancellationToken ct)
    {
        using var connection = Open();
        return new(Get(connection, null, id));
    }

    public ValueTask<List<Block>> ChildrenAsync(string parentId, CancellationToken ct)
    {
        using var connection = Open();
        using var command = NewCommand(connection, ChildrenSql);
        command.Parameters.AddWithValue("@parentId", parentId);
        return new(ReadAll(command));
    }

    public ValueTask<int> UpdateContentAsync(string id, string content, string properties, long updatedAt, CancellationToken ct)
    {
        using var connection = OpenForWrite();
        using var command = NewCommand(connection, UpdateSql);
        command.Parameters.AddWithValue("@content", content);
        command.Parameters.AddWithValue("@properties", properties);
        command.Parameters.AddWithValue("@updatedAt", updatedAt);
        command.Parameters.AddWithValue("@id", id);
        return new(command.ExecuteNonQuery());
    }

    public ValueTask<int> DeleteAsync(string id, CancellationToken ct)
    {
        using var connection = OpenForWrite();
        using var command = NewCommand(connection, DeleteSql);
        command.Parameters.AddWithValue("@id", id);
        return new(command.ExecuteNonQuery());
    }

    public ValueTask<int> RefreshDocumentAsync(string documentId, CancellationToken ct)
    {
        using var connection = Open();
        // A deferred transaction: the first read takes a snapshot that every later read in it sees.
        using var transaction = connection.BeginTransaction(deferred: true);
        var root = Get(connection, transaction, documentId);
        if (root is null)
        {
            return new(0);
        }

        using var children = NewCommand(connection, ChildrenSql);
        children.Transaction = transaction;
        var parentId = children.Parameters.Add("@parentId", SqliteType.Text);
        var pending = new Queue<string>();
        pending.Enqueue(root.Id);
        int count = 1;
        while (pending.TryDequeue(out var next))
        {
            parentId.Value = next;
            foreach (var child in ReadAll(children))
            {
                count++;
                pending.Enqueue(child.Id);
            }
        }

        transaction.Commit();
        return new(count);
    }

    public ValueTask DisposeAsync() => default;

    private const string InsertSql =
        "INSERT INTO blocks (id, parent_id, content, content_type, sort_key, properties, created_at, updated_at) " +
        "VALUES (@id, @parentId, @content, @contentType, @sortKey, @properties, @createdAt, @updatedAt)";
    private const string GetSql = "SELECT " + Schema.AllColumns + " FROM blocks WHERE id = @id";
    private const string ChildrenSql = "SELECT " + Schema.AllColumns + " FROM blocks WHERE parent_id = @parentId ORDER BY sort_key";
    private const string UpdateSql = "UPDATE blocks SET content = @content, properties = @properties, updated_at = @updatedAt WHERE id = @id";
    private const string DeleteSql = "DELETE FROM blocks WHERE id = @id";

    private SqliteConnection Open()
    {
        // This backend reproduces the original bug on purpose: a new connection for every call.
#pragma warning disable HOLON100
        var connection = new SqliteConnection(_connectionString);
#pragma warning restore HOLON100
        connection.Open();
        Interlocked.Increment(ref _connections);
        return connection;
    }

    /// <summary>
    /// Opens a connection for a write. It sets synchronous=NORMAL, the pool's setting, so both backends have the same
    /// durability and the comparison measures connection and statement handling, not fsync.
    /// </summary>
    private SqliteConnection OpenForWrite()
    {
        var connection = Open();
        Execute(connection, "PRAGMA synchronous=NORMAL");
        return connection;
    }

    private SqliteCommand NewCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable HOLON101 // the callers pass constant SQL; this baseline forwards it as plain ADO.NET code would
        command.CommandText = sql;
#pragma warning restore HOLON101
        // Each command on a fresh connection prepares its statement once, when it first executes.
        Interlocked.Increment(ref _statements);
        return command;
    }

    private void Execute(SqliteConnection connection, string sql)
    {
        using var command = NewCommand(connection, sql);
        command.ExecuteNonQuery();
    }

    private Block? Get(SqliteConnection connection, SqliteTransaction? transaction, string id)
    {
        using var command = NewCommand(connection, GetSql);
        command.Transaction = transaction;
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Map(reader) : null;
    }

    private static List<Block> ReadAll(SqliteCommand command)
    {
        var list = new List<Block>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(Map(reader));
        }

        return list;
    }

    private static Block Map(SqliteDataReader r) => new(
        r.GetString(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt64(4),
        r.GetString(5),
        r.GetInt64(6),
        r.GetInt64(7));

    private static SqliteParameter[] AddInsertParameters(SqliteCommand command) =>
    [
        command.Parameters.Add("@id", SqliteType.Text),
        command.Parameters.Add("@parentId", SqliteType.Text),
        command.Parameters.Add("@content", SqliteType.Text),
        command.Parameters.Add("@contentType", SqliteType.Text),
        command.Parameters.Add("@sortKey", SqliteType.Integer),
        command.Parameters.Add("@properties", SqliteType.Text),
        command.Parameters.Add("@createdAt", SqliteType.Integer),
        command.Parameters.Add("@updatedAt", SqliteType.Integer),
    ];

    private static void SetInsertParameters(SqliteParameter[] p, Block b)
    {
        p[0].Value = b.Id;
        p[1].Value = (object?)b.ParentId ?? DBNull.Value;
        p[2].Value = b.Content;
        p[3].Value = b.ContentType;
        p[4].Value = b.SortKey;
        p[5].Value = b.Properties;
        p[6].Value = b.CreatedAt;
        p[7].Value = b.UpdatedAt;
    }
}
