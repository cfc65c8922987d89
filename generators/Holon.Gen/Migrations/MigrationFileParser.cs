using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Holon.Gen.Diagnostics;
using Holon.Data.Migrations;
using Holon.Gen.Model;
using Holon.Gen.Verification;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Migrations;

/// <summary>Turns additional files into migrations; the files come only from AdditionalFiles (no file IO here).</summary>
internal static class MigrationFileParser
{
    /// <summary>Null when the file is not a <c>.sql</c> file directly inside the migrations folder.</summary>
    public static MigrationFile? Parse(AdditionalText file, MigrationSettings settings, CancellationToken cancellationToken)
    {
        string path = file.Path;
        if (!path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) || !IsInFolder(path, settings)) return null;
        string fileName = FileName(path);
        string sql = file.GetText(cancellationToken)?.ToString() ?? "";
        // LF only, so the generated code is the same on every OS (the runtime checksum ignores line endings anyway).
        var crlf = CrlfOffsets(sql);
        sql = sql.Replace("\r\n", "\n").Replace('\r', '\n');
        if (!TryParseName(fileName, out int version, out string name))
            return new MigrationFile(path, fileName, 0, "", "", Diagnostic(DiagnosticDescriptors.MigrationFileName, path, fileName));
        if (MigrationStatements.IsBlank(sql))
            return new MigrationFile(path, fileName, version, name, "", Diagnostic(DiagnosticDescriptors.MigrationEmpty, path, fileName));
        var parsed = new MigrationFile(path, fileName, version, name, sql, null, crlf);
        if (!MigrationStatements.FindTransactionControl(sql, out var control)) return parsed;
        var at = TextLocations.At(parsed, control.Offset, control.FirstWord.Length);
        string line = (at.LineSpan.Start.Line + 1).ToString(CultureInfo.InvariantCulture);
        return parsed with
        {
            Diagnostic = new MigrationDiagnostic(DiagnosticDescriptors.MigrationTransactionControl, path,
                new EquatableArray<string>(new[] { fileName, line, control.FirstWord }), at),
        };
    }

    /// <summary>Where each "\r\n" of <paramref name="text"/> leaves its '\n' once the line endings are LF only.</summary>
    private static EquatableArray<int> CrlfOffsets(string text)
    {
        var offsets = new List<int>();
        int removed = 0;
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] != '\r' || text[i + 1] != '\n') continue;
            offsets.Add(i - removed);
            removed++;
        }
        return offsets.ToEquatableArray();
    }

    /// <summary>Orders the migrations and finds duplicate versions and gaps.</summary>
    public static MigrationSet Build(IEnumerable<MigrationFile?> files, MigrationSettings settings)
    {
        var diagnostics = new List<MigrationDiagnostic>();
        var valid = new List<MigrationFile>();
        // Versions whose file exists but was refused (empty, transaction control): its own diagnostic explains the hole.
        var refused = new HashSet<int>();
        foreach (var f in files.Where(f => f is not null).OrderBy(f => f!.Version).ThenBy(f => f!.FileName, StringComparer.Ordinal))
        {
            if (f!.Diagnostic is { } d)
            {
                diagnostics.Add(d);
                if (f.Version > 0) refused.Add(f.Version);
                continue;
            }

            if (valid.Count > 0 && valid[valid.Count - 1].Version == f.Version)
            {
                var first = valid[valid.Count - 1];
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.MigrationDuplicateVersion, f.Path,
                    first.FileName, f.FileName, f.Version.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            int missing = valid.Count == 0 ? 0 : FirstMissing(valid[valid.Count - 1].Version + 1, f.Version, refused);
            if (missing > 0)
            {
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.MigrationGap, f.Path, f.FileName,
                    f.Version.ToString(CultureInfo.InvariantCulture), missing.ToString(CultureInfo.InvariantCulture)));
            }

            valid.Add(f);
        }

        return new MigrationSet(settings.RootNamespace, new EquatableArray<MigrationFile>(valid.ToArray()),
            new EquatableArray<MigrationDiagnostic>(diagnostics.ToArray()));
    }

    /// <summary>The first version in [<paramref name="from"/>, <paramref name="to"/>) that has no file at all; 0 when none.</summary>
    private static int FirstMissing(int from, int to, HashSet<int> refused)
    {
        for (int v = from; v < to; v++)
        {
            if (!refused.Contains(v)) return v;
        }

        return 0;
    }

    /// <summary>NNNN_description: digits (a positive int), an underscore, then at least one character.</summary>
    internal static bool TryParseName(string fileName, out int version, out string name)
    {
        version = 0;
        name = "";
        string stem = fileName.Substring(0, fileName.Length - ".sql".Length);
        int underscore = stem.IndexOf('_');
        if (underscore <= 0 || underscore == stem.Length - 1) return false;
        string digits = stem.Substring(0, underscore);
        if (!digits.All(c => c >= '0' && c <= '9')) return false;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1) return false;
        name = stem.Substring(underscore + 1);
        return !string.IsNullOrWhiteSpace(name);
    }

    private static bool IsInFolder(string path, MigrationSettings settings)
    {
        string folder = Normalize(DirectoryOf(path));
        string wanted = Normalize(settings.Directory);
        if (IsRooted(settings.Directory)) return string.Equals(folder, wanted, StringComparison.OrdinalIgnoreCase);
        if (settings.ProjectDirectory is { } project)
            return string.Equals(folder, Normalize(project) + "/" + wanted, StringComparison.OrdinalIgnoreCase);
        // Without the project folder, match the folder's trailing segments.
        return string.Equals(folder, wanted, StringComparison.OrdinalIgnoreCase)
            || folder.EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsRooted(string path) => path.StartsWith("/", StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':');

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        string p = path.Replace('\\', '/');
        bool rooted = p.StartsWith("/", StringComparison.Ordinal);
        foreach (var part in p.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }

        return (rooted ? "/" : "") + string.Join("/", parts);
    }

    private static string DirectoryOf(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? "" : path.Substring(0, slash);
    }

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return path.Substring(slash + 1);
    }

    private static MigrationDiagnostic Diagnostic(DiagnosticDescriptor descriptor, string path, params string[] arguments) =>
        new(descriptor, path, new EquatableArray<string>(arguments));
}
