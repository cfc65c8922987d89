using SQLitePCL;

namespace Holon.Data.Internal;

/// <summary>
/// What keeps a reader a reader. Readers are opened with <c>SQLITE_OPEN_READONLY</c>, so no PRAGMA can make them
/// write, and a write fails at once (<c>SQLITE_READONLY</c>) instead of waiting for the writer's lock. This
/// authorizer also refuses <c>ATTACH</c> on them, which covers <c>VACUUM INTO</c> (it attaches its target first),
/// so a reader never creates a file.
/// </summary>
internal static class ReaderGuard
{
    private const int SqliteAttach = 24;
    private const int PrimaryReadOnly = 8, PrimaryAuth = 23;

    // Static: the authorizer's target outlives every handle it is installed on.
    private static readonly delegate_authorizer s_authorize = Authorize;

    /// <summary>Installs the reader's authorizer (after the user's setup, which may attach databases of its own).</summary>
    public static void Install(sqlite3 db) => raw.sqlite3_set_authorizer(db, s_authorize, null);

    /// <summary>SQLite's message for a failed statement, plus, on a reader refused a write, which lease it was.</summary>
    public static string? Explain(PhysicalConnection connection, int rc, string? message)
    {
        int primary = rc & 0xFF;
        if (connection.IsWriter || (primary != PrimaryReadOnly && primary != PrimaryAuth)) return message;
        return message + " (on a reader lease: readers are opened read-only and refuse ATTACH and VACUUM INTO; " +
            (connection.Pool.Options.ReadOnly ? "this pool is read-only and has no writer)" : "rent the writer to write)");
    }

    private static int Authorize(object userData, int actionCode, utf8z p0, utf8z p1, utf8z dbName, utf8z innerMost)
        => actionCode == SqliteAttach ? raw.SQLITE_DENY : raw.SQLITE_OK;
}
