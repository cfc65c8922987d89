namespace Holon.Data;

/// <summary>
/// The database a <see cref="StatementDefinition"/> is written for. <c>HolonCatalog.All</c> lists the statements of
/// every backend; each backend's <c>Verify</c> checks its own and skips the others.
/// </summary>
public enum StatementBackend
{
    /// <summary>SQLite, through <see cref="SqlitePool"/> (the default).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL, through Npgsql (<c>Holon.Data.Npgsql</c>).</summary>
    PostgreSql = 1,
}
