using SQLitePCL;

namespace Holon.Data.Internal;

/// <summary>
/// The per-connection schema state a lease may change besides PRAGMAs: attached databases and TEMP objects.
/// Captured once, after the pool's setup and <see cref="SqlitePoolOptions.OnConnectionCreated"/> (whose own
/// ATTACHes and TEMP objects are kept), and restored when a lease that could have changed it is returned, so the
/// next renter never sees another's attached schema, and an unqualified name never resolves to a left-over TEMP table.
/// </summary>
internal sealed class SessionBaseline
{
    private readonly HashSet<string> _databases;
    private readonly HashSet<string> _tempObjects;

    public SessionBaseline(sqlite3 db)
    {
        // main and temp are never detached (temp appears in the list only once something opened it).
        _databases = new HashSet<string>(Names(db, "SELECT name FROM pragma_database_list"), StringComparer.OrdinalIgnoreCase) { "main", "temp" };
        _tempObjects = new HashSet<string>(Names(db, "SELECT type || ':' || name FROM temp.sqlite_schema"), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Detaches databases and drops TEMP objects that were not there at the baseline. False if that failed.</summary>
    public bool Restore(sqlite3 db)
    {
        foreach (var name in Names(db, "SELECT name FROM pragma_database_list"))
        {
            if (!_databases.Contains(name) && raw.sqlite3_exec(db, "DETACH DATABASE " + Quote(name)) != raw.SQLITE_OK) return false;
        }

        // Triggers and views first: a TEMP trigger may sit on a TEMP table; indexes go with their tables.
        var added = Names(db, "SELECT type || ':' || name FROM temp.sqlite_schema WHERE type IN ('trigger', 'view', 'table') ORDER BY type = 'table'");
        foreach (var entry in added)
        {
            if (_tempObjects.Contains(entry)) continue;
            int colon = entry.IndexOf(':');
            string sql = "DROP " + entry[..colon].ToUpperInvariant() + " IF EXISTS temp." + Quote(entry[(colon + 1)..]);
            if (raw.sqlite3_exec(db, sql) != raw.SQLITE_OK) return false;
        }

        return true;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<string> Names(sqlite3 db, string sql)
    {
        var names = new List<string>();
        if (raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt statement) != raw.SQLITE_OK) return names;
        using (statement)
        {
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW) names.Add(raw.sqlite3_column_text(statement, 0).utf8_to_string() ?? "");
        }
        return names;
    }
}
