using Holon.Gen.Migrations;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis.Text;

namespace Holon.Gen.Verification;

/// <summary>One result member as verification sees it: a name (empty for positional shapes), its storage kind and whether it must be set.</summary>
/// <param name="IsCollection">PostgreSQL only: the member reads an array column whose elements are of <paramref name="Kind"/>.</param>
internal sealed record VerifiedMember(string Name, string TypeName, ValueKind Kind, bool IsEnum, bool IsNullable, bool IsRequired,
    bool IsCollection = false);

/// <summary>
/// One statement to prepare against the schema. Holds no location: <see cref="Key"/> (the method's structural sort key,
/// unchanged by edits elsewhere in the file) joins findings back to the SQL literal in a later, cheap step.
/// </summary>
/// <param name="ByName">Row types match columns to members by name; scalars and tuples read by position.</param>
/// <param name="ParameterNames">The SQL parameters as the text scanner found them: the names the generated code binds.</param>
/// <param name="Bindings">Which method parameter each of those names is bound from.</param>
internal sealed record VerifiedStatement(string Key, string Method, string Sql, SqlKind Kind, bool ByName,
    EquatableArray<VerifiedMember> Members, EquatableArray<string> ParameterNames, EquatableArray<VerifiedBinding> Bindings);

/// <summary>One SQL parameter name the generated code binds, the method parameter its value comes from, and how it is stored.</summary>
/// <param name="Kind">The kind the runtime binds (an enum stored as its name is String).</param>
/// <param name="TypeName">The value's C# type, for messages.</param>
internal sealed record VerifiedBinding(string SqlName, string ParameterName, ValueKind Kind, string TypeName);

/// <summary>
/// The schema every statement is prepared against, or why there is none. Equality is the hash of the migration
/// texts plus the native folder, so comparing it for every statement costs nothing.
/// </summary>
internal sealed class SchemaInput : System.IEquatable<SchemaInput>
{
    public SchemaInput(string hash, EquatableArray<MigrationFile> files, string? nativeDirectory, bool configured,
        EquatableArray<SqlFunctionSpec> functions)
    {
        Hash = hash;
        Files = files;
        NativeDirectory = nativeDirectory;
        Configured = configured;
        Functions = functions;
    }

    /// <summary>
    /// The schema of <paramref name="files"/> (valid migrations in version order, as the migrations step gives them),
    /// with stand-ins for <paramref name="functions"/>. With <paramref name="enabled"/> false (HolonVerifySql=false)
    /// nothing is configured: no schema is built and nothing is verified or reported.
    /// </summary>
    public static SchemaInput From(EquatableArray<MigrationFile> files, string? nativeDirectory, EquatableArray<SqlFunctionSpec> functions,
        bool enabled = true) =>
        new(ComputeHash(files, functions), files, nativeDirectory, configured: enabled && (nativeDirectory is not null || files.Count > 0), functions);

    /// <summary>SHA-256 of the declared functions and the ordered texts (line endings are already LF), paths and CRLF offsets: the schema's identity.</summary>
    private static string ComputeHash(EquatableArray<MigrationFile> files, EquatableArray<SqlFunctionSpec> functions)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var function in functions) builder.Append(function).Append('\n');
        builder.Append('\0');
        foreach (var file in files)
        {
            builder.Append(file.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            // The cached schema keeps its HOLON205 location, so the path and the line endings are part of its identity.
            builder.Append(file.Path).Append('\n').Append(string.Join(",", file.CrlfAt)).Append('\n');
            builder.Append(file.Sql).Append("\n\0");
        }
        using var sha = System.Security.Cryptography.SHA256.Create();
        var bytes = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(builder.ToString()));
        return string.Concat(System.Linq.Enumerable.Select(bytes, b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>SHA-256 over the ordered migration texts (hex).</summary>
    public string Hash { get; }

    public EquatableArray<MigrationFile> Files { get; }

    /// <summary>The folder holding <c>runtimes/&lt;rid&gt;/native/</c>, from the HolonSqliteNativeDirectory property.</summary>
    public string? NativeDirectory { get; }

    /// <summary>Verification is on, and the package's props are imported or migrations exist: a skip is worth an info diagnostic.</summary>
    public bool Configured { get; }

    /// <summary>The functions the application registers (<c>[assembly: SqlFunction]</c>), registered as stand-ins first.</summary>
    public EquatableArray<SqlFunctionSpec> Functions { get; }

    public bool Equals(SchemaInput? other) =>
        other is not null && Hash == other.Hash && NativeDirectory == other.NativeDirectory && Configured == other.Configured;

    public override bool Equals(object? obj) => Equals(obj as SchemaInput);

    public override int GetHashCode() => Hash.GetHashCode();
}

/// <summary>The outcome of applying the migrations once: whether statements can be verified, and the diagnostics.</summary>
/// <param name="Usable">The schema was built; statements are verified against it.</param>
internal sealed record SchemaOutcome(SchemaInput Schema, bool Usable, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// One finding on a statement, located later: a descriptor id and its message arguments. <paramref name="Parameter"/>
/// names the method parameter it belongs on (HOLON005); otherwise it goes on the SQL literal.
/// </summary>
internal sealed record Finding(string Id, EquatableArray<string> Arguments, string? Parameter = null);

/// <summary>All findings of one statement, with the key that finds its SQL literal.</summary>
internal sealed record StatementFindings(string Key, EquatableArray<Finding> Findings);

/// <summary>Where one statement's SQL literal and method parameters are, by the same key as <see cref="VerifiedStatement.Key"/>.</summary>
/// <param name="Verify">False when the attribute says <c>Verify = false</c>: its findings are not reported.</param>
internal sealed record SqlSite(string Key, LocationInfo Location, EquatableArray<ParameterSite> Parameters, bool Verify);

/// <summary>Where one method parameter's name is.</summary>
internal sealed record ParameterSite(string Name, LocationInfo Location);

/// <summary>
/// A location in a migration file, computed from its text alone. The text is LF-normalized by the migrations step, which
/// keeps lines and columns as they are (a "\r\n" only ends a line); the character span is mapped back to the file as
/// written, so it is exact for CRLF files too.
/// </summary>
internal static class TextLocations
{
    public static LocationInfo At(MigrationFile file, int start, int length)
    {
        var text = SourceText.From(file.Sql);
        var lines = text.Lines.GetLinePositionSpan(new TextSpan(start, length));
        int fileStart = file.ToFileOffset(start);
        var span = TextSpan.FromBounds(fileStart, file.ToFileOffset(start + length));
        return new LocationInfo(file.Path, span, lines);
    }
}
