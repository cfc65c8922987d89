namespace Holon.Data;

public sealed partial class SqlitePoolOptions
{
    /// <summary>
    /// Migrations the pool applies once, before it grants its first lease (usually <c>HolonMigrations.All</c>, which the
    /// generator builds from the project's <c>Migrations/*.sql</c>). Null (default): none. When the database is already
    /// at the latest version this costs one <c>PRAGMA user_version</c> read on the first rent. A failure fails that rent
    /// and every later one with the same <see cref="MigrationException"/>.
    /// </summary>
    public IReadOnlyList<Migration>? Migrations { get; set; }
}
