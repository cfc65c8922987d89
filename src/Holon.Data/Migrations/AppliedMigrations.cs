namespace Holon.Data.Migrations;

/// <summary>
/// The refusals made after reading what a database has applied and before applying anything. Both backends call them,
/// so SQLite and PostgreSQL refuse the same inputs with the same words.
/// </summary>
internal static class AppliedMigrations
{
    /// <summary>
    /// Refuses a database newer than the list (a downgrade), a gap between the database and the list's first
    /// version, an applied version with no <c>holon_migrations</c> row, and an applied migration whose text changed.
    /// </summary>
    /// <param name="sorted">The app's migrations, validated and in version order.</param>
    /// <param name="current">The database's version.</param>
    /// <param name="readRows">Reads version → checksum from <c>holon_migrations</c>; called only when <paramref name="current"/> is above 0.</param>
    public static void Check(Migration[] sorted, int current, Func<IReadOnlyDictionary<int, string>> readRows)
    {
        int latest = sorted.Length == 0 ? 0 : sorted[^1].Version;
        if (current > latest)
        {
            string known = sorted.Length == 0 ? "no migrations" : $"{sorted[0].Version}–{latest}";
            throw new MigrationException(0, "",
                $"Migrate: the database is at version {current}; this app knows {known}. " +
                "A newer version of the app migrated it; running an older app against it (a downgrade) is refused.");
        }

        if (current == 0) return;
        if (current < sorted[0].Version - 1)
        {
            throw new MigrationException(0, "",
                $"Migrate: the database is at version {current}, but this app's migrations start at version {sorted[0].Version}; " +
                $"versions {current + 1}–{sorted[0].Version - 1} are missing.");
        }

        var rows = readRows();
        foreach (var m in sorted)
        {
            if (m.Version > current) break;
            if (!rows.TryGetValue(m.Version, out var checksum))
            {
                throw new MigrationException(m.Version, m.Name,
                    $"Migrate: the database is at version {current}, but holon_migrations has no row for migration {m.Version} '{m.Name}'; " +
                    "its version was set outside these migrations.");
            }

            CheckUnchanged(m, checksum);
        }
    }

    /// <summary>Refuses an applied migration whose text no longer has the checksum it was applied with.</summary>
    public static void CheckUnchanged(Migration m, string appliedChecksum)
    {
        if (string.Equals(appliedChecksum, m.Checksum, StringComparison.OrdinalIgnoreCase)) return;
        throw new MigrationException(m.Version, m.Name,
            $"Migrate: migration {m.Version} '{m.Name}' was applied with checksum {appliedChecksum}, but its text now has checksum " +
            $"{m.Checksum}. An applied migration must not change; add a new migration instead.");
    }
}
