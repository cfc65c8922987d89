using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests.Watch;

/// <summary>A real SQLite file in a fresh temp folder, deleted at dispose.</summary>
internal sealed class WatchTestDb : IDisposable
{
    public WatchTestDb()
    {
        Folder = Path.Combine(Path.GetTempPath(), "holon-watch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path_ = System.IO.Path.Combine(Folder, "test.db");
    }

    public string Folder { get; }
    public string Path_ { get; }
    public string ConnectionString => $"Data Source={Path_}";

    public SqliteConnection OpenRaw()
    {
        var c = new SqliteConnection(ConnectionString + ";Pooling=False");
        c.Open();
        return c;
    }

    public static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
