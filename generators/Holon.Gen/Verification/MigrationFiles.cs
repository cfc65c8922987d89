using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Verification;

/// <summary>
/// Finds the migration files among the AdditionalFiles: <c>NNNN_name.sql</c> in the folder named by the
/// <c>HolonMigrationsDirectory</c> property (default <c>Migrations</c>), ordered by number. Files that do not follow
/// the convention are left alone here (the migrations generator reports them). Kept in one class so that the
/// HolonMigrations generator can share it.
/// </summary>
internal static class MigrationFiles
{
    public const string DirectoryProperty = "build_property.HolonMigrationsDirectory";
    public const string DefaultDirectory = "Migrations";

    /// <summary>The migrations folder as configured, with '/' separators and no trailing separator.</summary>
    public static string Directory(AnalyzerConfigOptions globalOptions) =>
        Normalize(globalOptions.TryGetValue(DirectoryProperty, out var value) && !string.IsNullOrWhiteSpace(value) ? value : DefaultDirectory);

    /// <summary>The version and name of <paramref name="path"/> when it is a migration in <paramref name="directory"/>; null otherwise.</summary>
    public static (int Version, string Name)? Parse(string path, string directory)
    {
        string normalized = Normalize(path);
        int slash = normalized.LastIndexOf('/');
        if (slash < 0) return null;
        string folder = normalized.Substring(0, slash);
        bool inFolder = folder.Equals(directory, StringComparison.OrdinalIgnoreCase)
            || folder.EndsWith("/" + directory, StringComparison.OrdinalIgnoreCase);
        if (!inFolder) return null;

        string file = normalized.Substring(slash + 1);
        if (!file.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) return null;
        int underscore = file.IndexOf('_');
        if (underscore <= 0 || underscore == file.Length - 5) return null;
        if (!int.TryParse(file.Substring(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version <= 0) return null;
        return (version, file.Substring(underscore + 1, file.Length - underscore - 5));
    }

    /// <summary>The migration files in version order (ties by path, so the order is stable).</summary>
    public static EquatableArray<MigrationFile> Collect(IEnumerable<(string Path, string? Text)> files, string directory) =>
        files.Select(f => (File: f, Parsed: Parse(f.Path, directory)))
            .Where(x => x.Parsed is not null && x.File.Text is not null)
            .Select(x => new MigrationFile(x.Parsed!.Value.Version, x.Parsed.Value.Name, x.File.Path, x.File.Text!))
            .OrderBy(m => m.Version).ThenBy(m => m.Path, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary>SHA-256 of the ordered texts, line endings normalized: the schema's identity.</summary>
    public static string Hash(EquatableArray<MigrationFile> files)
    {
        var builder = new StringBuilder();
        foreach (var file in files)
        {
            builder.Append(file.Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
            builder.Append(file.Text.Replace("\r\n", "\n")).Append("\n\0");
        }
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(builder.ToString()));
        return string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');
}
