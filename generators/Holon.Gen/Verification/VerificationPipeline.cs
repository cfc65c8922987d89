using System.Collections.Immutable;
using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Migrations;
using Holon.Gen.Model;
using Holon.Gen.Parsing;
using Holon.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.Verification;

/// <summary>
/// Prepares every statement against the schema the migrations build (HOLON200–206). Verification is keyed on
/// (schema, statement) only; the SQL literals' locations come from a separate, cheap syntax step joined at the end,
/// so an edit elsewhere verifies nothing and an edited statement re-verifies alone.
/// </summary>
internal static class VerificationPipeline
{
    public const string NativeDirectoryProperty = "build_property.HolonSqliteNativeDirectory";

    /// <summary>The MSBuild switch: <c>&lt;HolonVerifySql&gt;false&lt;/HolonVerifySql&gt;</c> turns verification off for the project.</summary>
    public const string EnabledProperty = "build_property.HolonVerifySql";

    /// <summary>Whether the project turned verification off (the property is "false", any case).</summary>
    public static bool IsEnabled(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options) =>
        !(options.TryGetValue(EnabledProperty, out var v) && string.Equals(v?.Trim(), "false", System.StringComparison.OrdinalIgnoreCase));

    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<EquatableArray<MethodResult>> methods,
        IncrementalValueProvider<MigrationSet> migrations)
    {
        var native = context.AnalyzerConfigOptionsProvider
            .Select(static (p, _) => (Native: p.GlobalOptions.TryGetValue(NativeDirectoryProperty, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null,
                Enabled: IsEnabled(p.GlobalOptions)))
            .WithTrackingName(TrackingNames.SchemaSteps.VerificationOptions);

        // [assembly: SqlFunction] declarations: equal arrays from one compilation to the next keep the schema cached.
        var functions = context.CompilationProvider.Select(static (c, ct) => SqlFunctions.Read(c, ct))
            .WithTrackingName(TrackingNames.SchemaSteps.SqlFunctions);

        // The migration files are found, named and ordered by the migrations step (one parser, HOLON020–023 there).
        var schema = migrations.Combine(native).Combine(functions)
            .Select(static (pair, _) => SchemaInput.From(pair.Left.Left.Migrations, pair.Left.Right.Native, pair.Right.Functions, pair.Left.Right.Enabled))
            .WithTrackingName(TrackingNames.SchemaSteps.Schema);

        var applied = schema.Select(static (s, _) => Apply(s)).WithTrackingName(TrackingNames.SchemaSteps.SchemaApplied);

        var statements = methods.SelectMany(static (m, _) => StatementMapping.From(m)).WithTrackingName(TrackingNames.SchemaSteps.VerifiedStatements);

        var findings = statements.Combine(applied)
            .Select(static (pair, _) => Verify(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.SchemaSteps.StatementVerification);

        var sites = Sites(context, "Holon.Data.QueryAttribute").Collect()
            .Combine(Sites(context, "Holon.Data.CommandAttribute").Collect())
            .Combine(Sites(context, "Holon.Data.WatchAttribute").Collect())
            .Select(static (p, _) => p.Left.Left.AddRange(p.Left.Right).AddRange(p.Right))
            .WithTrackingName(TrackingNames.SchemaSteps.SqlSites);

        var diagnostics = findings.Collect().Combine(sites).Combine(applied)
            .SelectMany(static (p, _) => Locate(p.Left.Left, p.Left.Right, p.Right))
            .WithTrackingName(TrackingNames.SchemaSteps.VerificationDiagnostics);

        DiagnosticOutput.Register(context, diagnostics);
        // HOLON208 at the [assembly: SqlFunction] it concerns, when verification is on.
        var functionDiagnostics = functions.Combine(native)
            .SelectMany(static (f, _) => f.Right.Enabled ? f.Left.Invalid : EquatableArray<DiagnosticInfo>.Empty)
            .WithTrackingName(TrackingNames.SchemaSteps.SqlFunctionDiagnostics);
        DiagnosticOutput.Register(context, functionDiagnostics);
    }

    /// <summary>Loads SQLite and builds the schema once per distinct schema; reports why not when it cannot.</summary>
    private static SchemaOutcome Apply(SchemaInput schema)
    {
        if (!schema.Configured) return new SchemaOutcome(schema, false, EquatableArray<DiagnosticInfo>.Empty);
        string? reason = schema.Files.Count == 0
            ? "no migrations found (add Migrations/NNNN_name.sql files, or set HolonMigrationsDirectory)"
            : NativeSqlite.EnsureLoaded(schema.NativeDirectory);
        if (reason is not null)
            return new SchemaOutcome(schema, false, new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.Create(DiagnosticDescriptors.VerificationSkipped, null, reason) }));
        return SchemaCache.Use(schema, entry => new SchemaOutcome(schema, entry.Db is not null, entry.Diagnostics));
    }

    private static StatementFindings Verify(VerifiedStatement statement, SchemaOutcome schema)
    {
        if (!schema.Usable) return new StatementFindings(statement.Key, EquatableArray<Finding>.Empty);
        var members = statement.Members.Select(m => new MemberSpec(m.Name, m.TypeName, m.Kind.ToString(), m.IsNullable, m.IsRequired)).ToList();
        var found = SchemaCache.Use(schema.Schema, entry =>
        {
            if (entry.Db is null) return new System.Collections.Generic.List<Finding>();
            var checks = StatementChecker.Check(entry.Db, statement.Method, statement.Sql, statement.ByName, members, entry.Catalog);
            var all = checks.Select(f => new Finding(f.Id, new EquatableArray<string>(f.Arguments))).ToList();
            if (checks.Count == 0 || checks[0].Id != StatementChecker.Rejected)
            {
                all.AddRange(SqliteParameters.Check(entry.Db, statement));
                all.AddRange(SqliteTypes.Check(entry.Db, entry.Catalog!, statement));
            }
            return all;
        });
        return new StatementFindings(statement.Key, found.ToEquatableArray());
    }

    private static IncrementalValuesProvider<SqlSite> Sites(IncrementalGeneratorInitializationContext context, string attribute) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(
            attribute,
            static (node, _) => node is MethodDeclarationSyntax,
            static (ctx, ct) =>
            {
                var attributeSyntax = ctx.Attributes[0].ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
                SyntaxNode? literal = (SyntaxNode?)attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression ?? attributeSyntax;
                var parameters = ((MethodDeclarationSyntax)ctx.TargetNode).ParameterList.Parameters
                    .Select(p => new ParameterSite(p.Identifier.ValueText, LocationInfo.From(p.Identifier.GetLocation())!)).ToEquatableArray();
                bool verify = !ctx.Attributes[0].NamedArguments.Any(a => a.Key == "Verify" && a.Value.Value is false);
                return new SqlSite(Names.SortKey(ctx.TargetNode), LocationInfo.From(literal ?? ctx.TargetNode)!, parameters, verify);
            });

    /// <summary>Joins findings to their SQL literals; the schema's own diagnostics (HOLON205, HOLON206) are reported once.</summary>
    private static ImmutableArray<DiagnosticInfo> Locate(ImmutableArray<StatementFindings> findings, ImmutableArray<SqlSite> sites, SchemaOutcome schema)
    {
        var builder = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        // A failing migration (HOLON205) is an error with or without statements to verify; that verification was
        // skipped (HOLON206) is news only to a project that has statements.
        bool anyStatement = !findings.IsEmpty;
        builder.AddRange(schema.Diagnostics.Where(d => anyStatement || d.Descriptor.Id != DiagnosticDescriptors.VerificationSkipped.Id));
        var byKey = sites.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var statement in findings)
        {
            byKey.TryGetValue(statement.Key, out var site);
            if (site is { Verify: false }) continue;   // [Query(..., Verify = false)]: only the runtime can check this SQL
            foreach (var finding in statement.Findings)
            {
                var location = finding.Parameter is { } name
                    ? site?.Parameters.FirstOrDefault(p => p.Name == name)?.Location ?? site?.Location
                    : site?.Location;
                builder.Add(new DiagnosticInfo(Descriptor(finding.Id), location, finding.Arguments));
            }
        }
        return builder.ToImmutable();
    }

    /// <summary>The descriptor of a checker finding (the checker is shared with the runtime, so it speaks in ids).</summary>
    private static DiagnosticDescriptor Descriptor(string id) => id switch
    {
        "HOLON004" => DiagnosticDescriptors.SqlParameterWithoutArgument,
        "HOLON005" => DiagnosticDescriptors.ArgumentNotUsed,
        "HOLON200" => DiagnosticDescriptors.SqliteRejects,
        "HOLON201" => DiagnosticDescriptors.MemberWithoutColumn,
        "HOLON202" => DiagnosticDescriptors.ColumnWithoutMember,
        "HOLON203" => DiagnosticDescriptors.NullableIntoNonNullable,
        "HOLON204" => DiagnosticDescriptors.ColumnTypeMismatch,
        "HOLON207" => DiagnosticDescriptors.DuplicateResultColumn,
        "HOLON209" => DiagnosticDescriptors.ParameterRejectedByStrictColumn,
        "HOLON210" => DiagnosticDescriptors.ParameterTypeDiffersFromColumn,
        "HOLON211" => DiagnosticDescriptors.ExpressionTypeMismatch,
        "HOLON212" => DiagnosticDescriptors.TextStorageCompared,
        _ => throw new System.ArgumentOutOfRangeException(nameof(id), id, "Not a statement verification id."),
    };
}
