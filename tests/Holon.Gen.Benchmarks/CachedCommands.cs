using Microsoft.Data.Sqlite;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// Hand-written Microsoft.Data.Sqlite the careful way: one open connection, one prepared <see cref="SqliteCommand"/>
/// per statement, kept and re-executed with new parameter values.
/// </summary>
public sealed class CachedCommands : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteParameter _getId;
    private readonly SqliteCommand _children;
    private readonly SqliteParameter _childrenParent;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _insId, _insParent, _insContent, _insSort;

    public CachedCommands(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL";
            pragma.ExecuteNonQuery();
        }

        _get = _connection.CreateCommand();
        _get.CommandText = Sql.Get;
        _getId = _get.Parameters.Add("@id", SqliteType.Text);
        _getId.Value = "";
        _get.Prepare();

        _children = _connection.CreateCommand();
        _children.CommandText = Sql.Children;
        _childrenParent = _children.Parameters.Add("@parentId", SqliteType.Text);
        _childrenParent.Value = "";
        _children.Prepare();

        _insert = _connection.CreateCommand();
        _insert.CommandText = Sql.Insert;
        _insId = _insert.Parameters.Add("@Id", SqliteType.Text);
        _insParent = _insert.Parameters.Add("@ParentId", SqliteType.Text);
        _insContent = _insert.Parameters.Add("@Content", SqliteType.Text);
        _insSort = _insert.Parameters.Add("@SortKey", SqliteType.Integer);
        _insId.Value = _insParent.Value = _insContent.Value = "";
        _insSort.Value = 0L;
        _insert.Prepare();
    }

    public Block? Get(string id)
    {
        _getId.Value = id;
        using var reader = _get.ExecuteReader();
        return reader.Read() ? Map(reader) : null;
    }

    public List<Block> Children(string parentId)
    {
        _childrenParent.Value = parentId;
        using var reader = _children.ExecuteReader();
        var list = new List<Block>();
        while (reader.Read())
        {
            list.Add(Map(reader));
        }

        return list;
    }

    public int Insert(Block block)
    {
        _insId.Value = block.Id;
        _insParent.Value = (object?)block.ParentId ?? DBNull.Value;
        _insContent.Value = block.Content;
        _insSort.Value = block.SortKey;
        return _insert.ExecuteNonQuery();
    }

    public void InsertMany(Block[] blocks)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        foreach (var block in blocks)
        {
            Insert(block);
        }

        transaction.Commit();
        _insert.Transaction = null;
    }

    public void Dispose()
    {
        _get.Dispose();
        _children.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }

    internal static Block Map(SqliteDataReader r) =>
        new(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetInt64(3));
}

/// <summary>
/// The original app's way: a new <see cref="SqliteConnection"/> for every operation, opened, used once and closed.
/// With <c>Pooling=False</c> each open is a physical connection; with Microsoft.Data.Sqlite's default pooling the
/// physical connection is reused but every command is prepared again.
/// </summary>
public static class PerOperation
{
    public static Block? Get(string connectionString, string id)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Get;
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? CachedCommands.Map(reader) : null;
    }

    public static List<Block> Children(string connectionString, string parentId)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Children;
        command.Parameters.AddWithValue("@parentId", parentId);
        using var reader = command.ExecuteReader();
        var list = new List<Block>();
        while (reader.Read())
        {
            list.Add(CachedCommands.Map(reader));
        }

        return list;
    }

    public static int Insert(string connectionString, Block block)
    {
        using var connection = OpenForWrite(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Insert;
        AddParameters(command, block);
        return command.ExecuteNonQuery();
    }

    /// <summary>One connection for the batch (the batch is one operation), a new command per row as such code does.</summary>
    public static void InsertMany(string connectionString, Block[] blocks)
    {
        using var connection = OpenForWrite(connectionString);
        using var transaction = connection.BeginTransaction();
        foreach (var block in blocks)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql.Insert;
            AddParameters(command, block);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>synchronous=NORMAL like every other strategy, so no strategy pays an fsync the others skip.</summary>
    private static SqliteConnection OpenForWrite(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static void AddParameters(SqliteCommand command, Block block)
    {
        command.Parameters.AddWithValue("@Id", block.Id);
        command.Parameters.AddWithValue("@ParentId", (object?)block.ParentId ?? DBNull.Value);
        command.Parameters.AddWithValue("@Content", block.Content);
        command.Parameters.AddWithValue("@SortKey", block.SortKey);
    }
}
