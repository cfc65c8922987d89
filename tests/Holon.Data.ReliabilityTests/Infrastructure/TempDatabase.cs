using Holon.Data;
using Microsoft.Data.Sqlite;

namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>A fresh folder under the temp directory holding one SQLite file; deleted on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase(string name = "test.db")
    {
        Folder = Path.Combine(Path.GetTempPath(), "holon-reliability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DbPath = Path.Combine(Folder, name);
    }

    public string Folder { get; }

    public string DbPath { get; }

    public string ConnectionString => $"Data Source={DbPath}";

    public SqlitePoolOptions Options(int maxReaders = 4) => new()
    {
        ConnectionString = ConnectionString,
        MaxReaders = maxReaders,
        AcquireTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>A plain Microsoft.Data.Sqlite connection, outside any pool, for checks after the pool is gone.</summary>
    [ConnectionFactory]
    public SqliteConnection OpenPlain()
    {
        var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        return c;
    }

    public static string IntegrityCheck(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(cmd.ExecuteScalar()) ?? "<null>";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may still hold the file; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
