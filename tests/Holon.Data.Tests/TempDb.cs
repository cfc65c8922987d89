using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

/// <summary>A fresh temp folder with a database path; deletes the folder (and so proves the file is released) on dispose.</summary>
public sealed class TempDb : IDisposable
{
    public TempDb()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "holon-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DbPath = System.IO.Path.Combine(Folder, "test.db");
    }

    public string Folder { get; }

    public string DbPath { get; }

    public string ConnectionString => $"Data Source={DbPath}";

    public SqlitePoolOptions Options(int maxReaders = 4) => new() { ConnectionString = ConnectionString, MaxReaders = maxReaders };

    /// <summary>Creates schema with a plain connection (outside any pool).</summary>
    public void Exec(string sql)
    {
        using var c = new SqliteConnection(ConnectionString + ";Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        for (int i = 0; ; i++)
        {
            try
            {
                if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
                return;
            }
            catch (IOException) when (i < 20)
            {
                Thread.Sleep(50);
            }
        }
    }
}
