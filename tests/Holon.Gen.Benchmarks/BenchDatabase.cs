using Microsoft.Data.Sqlite;

namespace Holon.Gen.Benchmarks;

/// <summary>The 4-column row every strategy reads and writes.</summary>
public sealed record Block(string Id, string? ParentId, string Content, long SortKey);

/// <summary>The SQL, written once so every strategy runs the same text.</summary>
public static class Sql
{
    public const string Get = "SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id";
    public const string Children = "SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key";
    public const string Insert = "INSERT INTO blocks (id, parent_id, content, sort_key) VALUES (@Id, @ParentId, @Content, @SortKey)";
}

/// <summary>
/// A fresh WAL database in a temp folder: 500 documents with 19 children each (10,000 blocks), random-looking ids,
/// and a fixed pseudo-random order of ids to look up.
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    public const int Roots = 500;
    public const int ChildrenPerRoot = 19;
    public const int LookupMask = 4095;

    private BenchDatabase(string folder)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, "bench.db");
    }

    public string Folder { get; }

    public string Path { get; }

    /// <summary>Every block id, in insertion order.</summary>
    public string[] Ids { get; private set; } = [];

    /// <summary>Ids of the 500 documents; each has 19 children.</summary>
    public string[] RootIds { get; private set; } = [];

    /// <summary>4,096 ids in a fixed random order: what point lookups ask for.</summary>
    public string[] LookupIds { get; private set; } = [];

    /// <summary>4,096 document ids in a fixed random order: what child listings ask for.</summary>
    public string[] LookupParents { get; private set; } = [];

    public string ConnectionString(bool pooling) =>
        new SqliteConnectionStringBuilder { DataSource = Path, Pooling = pooling }.ToString();

    public static BenchDatabase Create()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "holon-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var db = new BenchDatabase(folder);
        var rng = new Random(42);
        var ids = new List<string>(Roots * (ChildrenPerRoot + 1));
        var roots = new string[Roots];
        var seen = new HashSet<string>();
        string NewId()
        {
            string id;
            do { id = "blk_" + rng.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture); } while (!seen.Add(id));
            return id;
        }

        using (var connection = new SqliteConnection(db.ConnectionString(pooling: false)))
        {
            connection.Open();
            Exec(connection, "PRAGMA journal_mode=WAL");
            Exec(connection, "CREATE TABLE blocks (id TEXT PRIMARY KEY NOT NULL, parent_id TEXT, content TEXT NOT NULL, sort_key INTEGER NOT NULL)");
            Exec(connection, "CREATE INDEX blocks_by_parent ON blocks (parent_id, sort_key)");
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = Sql.Insert;
            var pId = insert.Parameters.Add("@Id", SqliteType.Text);
            var pParent = insert.Parameters.Add("@ParentId", SqliteType.Text);
            var pContent = insert.Parameters.Add("@Content", SqliteType.Text);
            var pSort = insert.Parameters.Add("@SortKey", SqliteType.Integer);
            for (int r = 0; r < Roots; r++)
            {
                var root = roots[r] = NewId();
                ids.Add(root);
                pId.Value = root; pParent.Value = DBNull.Value; pContent.Value = Content(ids.Count); pSort.Value = r * 1024L;
                insert.ExecuteNonQuery();
                for (int c = 0; c < ChildrenPerRoot; c++)
                {
                    var child = NewId();
                    ids.Add(child);
                    pId.Value = child; pParent.Value = root; pContent.Value = Content(ids.Count); pSort.Value = c * 1024L;
                    insert.ExecuteNonQuery();
                }
            }

            tx.Commit();
            Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            Exec(connection, "ANALYZE");
        }

        db.Ids = ids.ToArray();
        db.RootIds = roots;
        db.LookupIds = Enumerable.Range(0, LookupMask + 1).Select(_ => db.Ids[rng.Next(db.Ids.Length)]).ToArray();
        db.LookupParents = Enumerable.Range(0, LookupMask + 1).Select(_ => roots[rng.Next(roots.Length)]).ToArray();
        return db;
    }

    /// <summary>About 50 characters of text, like a short note.</summary>
    public static string Content(long n) => $"Block {n}: a short note about the garden and the meeting";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A strategy still holding the file only leaves a temp folder behind.
        }
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable HOLON101 // the callers pass constant SQL
        command.CommandText = sql;
#pragma warning restore HOLON101
        command.ExecuteNonQuery();
    }
}
