namespace Holon.Data;

public sealed partial class SqlitePoolOptions
{
    /// <summary>
    /// Migrations the pool applies once, before it grants its first lease (usually <c>HolonMigrations.All</c>, which the
    /// generator builds from the project's <c>Migrations/*.sql</c>). Null (default): none. When the database is already
    /// at the latest version the first rent still reads <c>PRAGMA user_version</c> and <c>holon_migrations</c>, and
    /// refuses an applied migration whose text changed, as <see cref="SqlitePool.Migrate"/> does. A failure fails that
    /// rent and every later one with the same <see cref="MigrationException"/>.
    /// </summary>
    public IReadOnlyList<Migration>? Migrations { get; set; }
}
