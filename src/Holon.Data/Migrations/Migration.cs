using System.Security.Cryptography;
using System.Text;

namespace Holon.Data;

/// <summary>
/// One schema migration: a version (a positive integer, unique and applied in ascending order), a name and its SQL
/// (one or more statements). The generator builds one per <c>Migrations/NNNN_name.sql</c> file into
/// <c>HolonMigrations.All</c>; they can also be built in code.
/// </summary>
public sealed class Migration
{
    /// <summary>Creates a migration.</summary>
    /// <param name="version">A positive integer; the database's <c>PRAGMA user_version</c> after this migration.</param>
    /// <param name="name">A short description (the file name's part after the underscore).</param>
    /// <param name="sql">The statements to run, in one transaction.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is zero or negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank, or <paramref name="sql"/> holds no
    /// statement (null, blank, or only comments and semicolons).</exception>
    public Migration(int version, string name, string sql)
    {
        if (version < 1)
            throw new ArgumentOutOfRangeException(nameof(version), version, $"new Migration: the version must be a positive integer (migration '{name}').");
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"new Migration: migration {version} needs a name (got '{name}').", nameof(name));
        if (string.IsNullOrWhiteSpace(sql))
            throw new ArgumentException($"new Migration: migration {version} '{name}' has no SQL.", nameof(sql));
        if (Migrations.MigrationStatements.IsBlank(sql))
            throw new ArgumentException($"new Migration: migration {version} '{name}' has no SQL, only comments: '{sql}'.", nameof(sql));
        Version = version;
        Name = name;
        Sql = sql;
        Checksum = ComputeChecksum(sql);
    }

    /// <summary>The version this migration brings the database to.</summary>
    public int Version { get; }

    /// <summary>The migration's name.</summary>
    public string Name { get; }

    /// <summary>The SQL, as given.</summary>
    public string Sql { get; }

    /// <summary>
    /// SHA-256 (lower-case hex) of <see cref="Sql"/> with line endings normalized to <c>\n</c>, so a CRLF checkout of
    /// the same file has the same checksum. Stored in <c>holon_migrations.checksum</c>.
    /// </summary>
    public string Checksum { get; }

    /// <summary>The SHA-256 of the text with CRLF and lone CR turned into LF, as lower-case hex.</summary>
    public static string ComputeChecksum(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        string normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Version}_{Name}";
}
