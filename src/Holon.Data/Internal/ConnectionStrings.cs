using Microsoft.Data.Sqlite;

namespace Holon.Data.Internal;

internal static class ConnectionStrings
{
    /// <summary>
    /// Forces Pooling=False, and turns an in-memory database into a named one on SQLite's <c>memdb</c> VFS, which all
    /// connections of the process opening the same name share with normal locking (no shared-cache table locks).
    /// </summary>
    public static (string ConnectionString, bool IsInMemory, string Name) Normalize(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        builder.Pooling = false;
        var source = builder.DataSource ?? "";
        bool memory = builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:"
            || source.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);
        if (!memory) return (builder.ToString(), false, source);

        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("Give an in-memory database as 'Data Source=:memory:' or 'Data Source=name;Mode=Memory', not as a file: URI.", nameof(connectionString));
        // A named memory database (Mode=Memory) is shared by every pool of the process that uses the name;
        // :memory: gets a fresh unique name, private to this pool.
        var name = source.Length == 0 || source == ":memory:" ? "holon-" + Guid.NewGuid().ToString("N") : "holon-" + source;
        builder.DataSource = "file:/" + Uri.EscapeDataString(name) + "?vfs=memdb";
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Cache = SqliteCacheMode.Default;
        return (builder.ToString(), true, ":memory:" + name);
    }
}
