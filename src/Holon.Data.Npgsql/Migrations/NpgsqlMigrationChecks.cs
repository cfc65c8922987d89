namespace Holon.Data.Npgsql.Migrations;

/// <summary>The refusals made after reading <c>holon_migrations</c> and before applying anything; same texts as SQLite's.</summary>
internal static class NpgsqlMigrationChecks
{
    /// <summary>Refuses a database newer than the list, a gap below the list, a missing row and a changed applied migration.</summary>
    public static void CheckApplied(Migration[] sorted, Dictionary<int, string> rows, int current)
    {
        int latest = sorted.Length == 0 ? 0 : sorted[^1].Version;
        if (current > latest)
        {
            string known = sorted.Length == 0 ? "no migrations" : $"{sorted[0].Version}–{latest}";
            throw new MigrationException(0, "",
                $"Migrate: the database is at version {current}; this app knows {known}. " +
                "A newer version of the app migrated it; running an older app against it (a downgrade) is refused.");
        }

        if (current > 0 && current < sorted[0].Version - 1)
        {
            throw new MigrationException(0, "",
                $"Migrate: the database is at version {current}, but this app's migrations start at version {sorted[0].Version}; " +
                $"versions {current + 1}–{sorted[0].Version - 1} are missing.");
        }

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

    public static void CheckUnchanged(Migration m, string appliedChecksum)
    {
        if (string.Equals(appliedChecksum, m.Checksum, StringComparison.OrdinalIgnoreCase)) return;
        throw new MigrationException(m.Version, m.Name,
            $"Migrate: migration {m.Version} '{m.Name}' was applied with checksum {appliedChecksum}, but its text now has checksum " +
            $"{m.Checksum}. An applied migration must not change; add a new migration instead.");
    }
}
