namespace Holon.Data;

/// <summary>
/// A migration failed or was refused. The database stays at the version it had before the failing migration
/// (each migration is its own transaction).
/// </summary>
public sealed class MigrationException : Exception
{
    internal MigrationException(int version, string name, string message, string? sqliteMessage = null, int line = 0, Exception? inner = null)
        : base(message, inner)
    {
        Version = version;
        Name = name;
        SqliteMessage = sqliteMessage;
        Line = line;
    }

    /// <summary>The version of the migration that failed or was refused (0 when the refusal is about the database as a whole).</summary>
    public int Version { get; }

    /// <summary>The name of that migration ("" when <see cref="Version"/> is 0 or the app does not know it).</summary>
    public string Name { get; }

    /// <summary>SQLite's error message, when SQLite reported the error.</summary>
    public string? SqliteMessage { get; }

    /// <summary>The 1-based line of the migration's SQL where the failing statement starts; 0 when no statement failed.</summary>
    public int Line { get; }
}
