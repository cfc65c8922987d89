using Microsoft.Data.Sqlite;

namespace Holon.Data.Internal;

internal static class Errors
{
    public static SqliteException Sqlite(int rc, int extendedCode, string? sqliteMessage, string origin, string sql)
        => new($"SQLite Error {rc}: '{sqliteMessage}' in {origin}. SQL: {sql}", rc, extendedCode);
}
