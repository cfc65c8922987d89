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

    /// <summary>
    /// How many file descriptors of this process point at the database or its -wal/-shm files. Linux lets open
    /// files be deleted, so "the file can be deleted" alone proves nothing there; this does. -1 where /proc is absent.
    /// </summary>
    public int OpenHandles()
    {
        if (!Directory.Exists("/proc/self/fd")) return -1;
        int n = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith(DbPath, StringComparison.Ordinal)) n++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        return n;
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
