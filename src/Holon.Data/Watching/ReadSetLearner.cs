using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Holon.Data.Watching;

/// <summary>
/// Learns which tables and views a SELECT reads by letting SQLite compile it with an authorizer installed:
/// every column or table the compiled program reads is reported as <c>SQLITE_READ</c> (including the tables
/// under a view and the table of <c>count(*)</c>). The SQL text is never parsed here.
/// </summary>
internal static class ReadSetLearner
{
    private const int SqliteRead = 20;

    /// <summary>
    /// Compiles <paramref name="sql"/> on <paramref name="db"/> (a reader the caller holds exclusively), collects
    /// its read set, and discards the compiled statement. Throws <see cref="SqliteException"/> when it does not compile.
    /// </summary>
    public static string[] Learn(sqlite3 db, string sql, string origin)
    {
        // A connection keeps its parsed schema until a statement notices the schema cookie moved; compile against
        // the current schema, not a stale one (a view redefined by the writer would report its old tables).
        int check = raw.sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema");
        if (check != raw.SQLITE_OK)
        {
            throw new SqliteException($"{raw.sqlite3_errmsg(db).utf8_to_string()} (while reading the schema for {origin})", check, raw.sqlite3_extended_errcode(db));
        }
        var collector = new Collector();
        raw.sqlite3_set_authorizer(db, collector.Authorize, null);
        int rc;
        sqlite3_stmt? stmt = null;
        try
        {
            rc = raw.sqlite3_prepare_v3(db, sql, 0, out stmt);
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteException(
                    $"{raw.sqlite3_errmsg(db).utf8_to_string()} (while learning the tables watched by {origin}; SQL: {sql})",
                    rc, raw.sqlite3_extended_errcode(db));
            }
        }
        finally
        {
            stmt?.Dispose();
            Internal.ReaderGuard.Install(db); // readers keep refusing ATTACH
        }
        var tables = collector.Tables.ToArray();
        Array.Sort(tables, StringComparer.OrdinalIgnoreCase);
        return tables;
    }

    private sealed class Collector
    {
        public readonly HashSet<string> Tables = new(StringComparer.OrdinalIgnoreCase);

        public int Authorize(object userData, int actionCode, utf8z p0, utf8z p1, utf8z dbName, utf8z innerMost)
        {
            if (actionCode == SqliteRead)
            {
                // p0 is the table (or view) read; an empty column name means the whole table, e.g. count(*).
                var table = p0.utf8_to_string();
                if (!string.IsNullOrEmpty(table)) Tables.Add(table);
            }
            return raw.SQLITE_OK;
        }
    }
}
