using System.Globalization;

namespace Holon.Data.Diagnostics;

/// <summary>
/// SQLite's result-code names (<c>SQLITE_CONSTRAINT_UNIQUE</c>), for telemetry that must not carry the error message:
/// the code says what failed without the SQL or the values that a message can hold.
/// </summary>
internal static class SqliteCodeNames
{
    private static readonly string[] s_primary =
    [
        "OK", "ERROR", "INTERNAL", "PERM", "ABORT", "BUSY", "LOCKED", "NOMEM", "READONLY", "INTERRUPT", "IOERR", "CORRUPT",
        "NOTFOUND", "FULL", "CANTOPEN", "PROTOCOL", "EMPTY", "SCHEMA", "TOOBIG", "CONSTRAINT", "MISMATCH", "MISUSE", "NOLFS",
        "AUTH", "FORMAT", "RANGE", "NOTADB", "NOTICE", "WARNING",
    ];

    // Extended codes are primary | (n << 8); entry n - 1 of a primary's list is the suffix of n (sqlite3.h).
    private static readonly Dictionary<int, string[]> s_extended = new()
    {
        [0] = ["LOAD_PERMANENTLY"],
        [1] = ["MISSING_COLLSEQ", "RETRY", "SNAPSHOT"],
        [4] = ["", "ROLLBACK"],
        [5] = ["RECOVERY", "SNAPSHOT", "TIMEOUT"],
        [6] = ["SHAREDCACHE", "VTAB"],
        [8] = ["RECOVERY", "CANTLOCK", "ROLLBACK", "DBMOVED", "CANTINIT", "DIRECTORY"],
        [10] = ["READ", "SHORT_READ", "WRITE", "FSYNC", "DIR_FSYNC", "TRUNCATE", "FSTAT", "UNLOCK", "RDLOCK", "DELETE", "BLOCKED",
            "NOMEM", "ACCESS", "CHECKRESERVEDLOCK", "LOCK", "CLOSE", "DIR_CLOSE", "SHMOPEN", "SHMSIZE", "SHMLOCK", "SHMMAP", "SEEK",
            "DELETE_NOENT", "MMAP", "GETTEMPPATH", "CONVPATH", "VNODE", "AUTH", "BEGIN_ATOMIC", "COMMIT_ATOMIC", "ROLLBACK_ATOMIC",
            "DATA", "CORRUPTFS"],
        [11] = ["VTAB", "SEQUENCE", "INDEX"],
        [14] = ["NOTEMPDIR", "ISDIR", "FULLPATH", "CONVPATH", "DIRTYWAL", "SYMLINK"],
        [19] = ["CHECK", "COMMITHOOK", "FOREIGNKEY", "FUNCTION", "NOTNULL", "PRIMARYKEY", "TRIGGER", "UNIQUE", "VTAB", "ROWID",
            "PINNED", "DATATYPE"],
        [23] = ["USER"],
        [27] = ["RECOVER_WAL", "RECOVER_ROLLBACK"],
        [28] = ["AUTOINDEX"],
    };

    /// <summary><c>SQLITE_</c> plus the name of <paramref name="code"/> (extended or primary); the number when unknown.</summary>
    public static string Of(int code)
    {
        int primary = code & 0xFF;
        int extended = code >> 8;
        if (primary == 100) return "SQLITE_ROW";
        if (primary == 101) return "SQLITE_DONE";
        if (primary >= s_primary.Length) return "SQLITE_" + code.ToString(CultureInfo.InvariantCulture);
        string name = "SQLITE_" + s_primary[primary];
        if (extended == 0) return name;
        return s_extended.TryGetValue(primary, out var suffixes) && extended <= suffixes.Length && suffixes[extended - 1].Length > 0
            ? name + "_" + suffixes[extended - 1]
            : name + "_" + extended.ToString(CultureInfo.InvariantCulture);
    }
}
