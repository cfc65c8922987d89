using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Migrations;

/// <summary>
/// A step of a migration failed inside its transaction. It carries what failed but nothing about the database's
/// state: <see cref="MigrationRunner"/> turns it into the <see cref="MigrationException"/> once the transaction is
/// over, with a sentence read from the database then (<see cref="MigrationState"/>).
/// </summary>
internal sealed class StepFailure(string what, string sqliteMessage, int line, int code, int extendedCode) : Exception(what)
{
    public MigrationException ToException(Migration m, string state)
    {
        // The SQLite error as an inner exception, with the code of the call that failed; 0 when SQLite did not fail
        // (a foreign-key violation found by PRAGMA foreign_key_check).
        SqliteException? inner = code == 0 ? null : new SqliteException($"SQLite Error {code}: '{sqliteMessage}'", code, extendedCode);
        return new MigrationException(m.Version, m.Name, $"Migrate: migration {m.Version} '{m.Name}' {Message}. {state}", sqliteMessage, line, inner);
    }
}

/// <summary>The sentence a failed migration's message says about the database, read from the database.</summary>
internal static class MigrationState
{
    public static string Describe(MigrationRunner runner, Migration m)
    {
        string transaction = runner.InAutocommit ? "It was rolled back" : "Its transaction is still open (the rollback failed)";
        int version;
        bool recorded;
        try
        {
            version = runner.ReadUserVersion();
            recorded = runner.ReadAppliedRows().ContainsKey(m.Version);
        }
        catch (SqliteException e)
        {
            return $"{transaction}; reading the database's version afterwards failed too ({e.Message}).";
        }

        string at = version.ToString(CultureInfo.InvariantCulture);
        if (!recorded && version < m.Version) return $"{transaction}; the database is at version {at}.";
        return $"{transaction}, yet the database is at version {at}" +
            (recorded ? $" and holon_migrations records migration {m.Version}." : ".");
    }
}
