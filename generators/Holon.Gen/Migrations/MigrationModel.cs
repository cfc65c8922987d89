using Holon.Gen.Model;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Migrations;

/// <summary>The MSBuild properties the migrations step reads (made visible by the package's build props).</summary>
internal sealed record MigrationSettings(string? RootNamespace, string Directory, string? ProjectDirectory)
{
    public const string DefaultDirectory = "Migrations";

    public static MigrationSettings From(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        options.TryGetValue("build_property.HolonMigrationsDirectory", out var directory);
        options.TryGetValue("build_property.MSBuildProjectDirectory", out var projectDirectory);
        return new MigrationSettings(
            string.IsNullOrWhiteSpace(rootNamespace) ? null : rootNamespace!.Trim(),
            string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory!.Trim(),
            string.IsNullOrWhiteSpace(projectDirectory) ? null : projectDirectory!.Trim());
    }
}

/// <summary>One <c>.sql</c> additional file in the migrations folder: parsed, or the diagnostic it earned.</summary>
/// <param name="Sql">The text with LF line endings only.</param>
/// <param name="CrlfAt">Offsets in <paramref name="Sql"/> of each '\n' that was "\r\n" in the file, ascending, so that a
/// location in the file itself can be exact (<see cref="ToFileOffset"/>).</param>
internal sealed record MigrationFile(string Path, string FileName, int Version, string Name, string Sql, MigrationDiagnostic? Diagnostic,
    EquatableArray<int> CrlfAt = default)
{
    /// <summary>The offset in the file as written of offset <paramref name="offset"/> in <see cref="Sql"/>.</summary>
    public int ToFileOffset(int offset)
    {
        int shift = 0;
        foreach (int at in CrlfAt)
        {
            if (at >= offset) break;
            shift++;
        }
        return offset + shift;
    }
}

/// <summary>
/// A migrations diagnostic as plain values (the model holds no Location); the descriptor compares by value.
/// <paramref name="At"/>: where in the file, when the diagnostic is about one statement (else the file's start).
/// </summary>
internal sealed record MigrationDiagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor, string Path, EquatableArray<string> Arguments,
    LocationInfo? At = null)
{
    public string Id => Descriptor.Id;
}

/// <summary>Everything the emitter needs: the namespace and the valid migrations ordered by version.</summary>
internal sealed record MigrationSet(string? Namespace, EquatableArray<MigrationFile> Migrations, EquatableArray<MigrationDiagnostic> Diagnostics);
