namespace Holon.Data;

/// <summary>What <see cref="SqlitePool.Migrate"/> did.</summary>
public sealed class MigrationResult
{
    internal MigrationResult(int fromVersion, int toVersion, IReadOnlyList<int> applied)
    {
        FromVersion = fromVersion;
        ToVersion = toVersion;
        Applied = applied;
    }

    /// <summary>The database's version (<c>PRAGMA user_version</c>) before.</summary>
    public int FromVersion { get; }

    /// <summary>The database's version after.</summary>
    public int ToVersion { get; }

    /// <summary>
    /// The versions this call applied, in order. Empty when the database was current, or when another pool or process
    /// applied them first.
    /// </summary>
    public IReadOnlyList<int> Applied { get; }

    /// <inheritdoc />
    public override string ToString() => $"{FromVersion} -> {ToVersion}, applied [{string.Join(", ", Applied)}]";
}
