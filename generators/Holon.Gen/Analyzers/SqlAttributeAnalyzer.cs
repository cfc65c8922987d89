using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON103–106: rules about the SQL written in <c>[Query]</c>, <c>[Watch]</c> and <c>[Command]</c>.
/// Each diagnostic points at the SQL argument of the attribute. A <c>[Watch]</c> runs on a reader like a
/// <c>[Query]</c>, so the reader rules (HOLON103, HOLON106) cover both; every diagnostic carries the
/// attribute's short name in <see cref="AttributeProperty"/>, so that a code fix can tell them apart.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the attribute that carries the SQL: <c>Query</c>, <c>Watch</c> or <c>Command</c>.</summary>
    public const string AttributeProperty = "Attribute";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.QueryWrites,
        DiagnosticDescriptors.CommandOnlyReads,
        DiagnosticDescriptors.UpdateOrDeleteWithoutWhere,
        DiagnosticDescriptors.SelectStar);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var query = start.Compilation.GetTypeByMetadataName(KnownNames.QueryAttribute);
            var command = start.Compilation.GetTypeByMetadataName(KnownNames.CommandAttribute);
            var watch = start.Compilation.GetTypeByMetadataName(KnownNames.WatchAttribute);
            if (query is null && command is null && watch is null)
            {
                return;
            }

            // With a schema, SQLite's own read-only flag decides HOLON103/HOLON104 (see SqliteEffect); without one, the text heuristics.
            var sqlite = Verification.SqliteEffect.For(start.Options, start.CancellationToken);
            start.RegisterSyntaxNodeAction(c => Analyze(c, sqlite), SyntaxKind.Attribute);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, Verification.SqliteEffect? sqlite)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.ArgumentList is null ||
            context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol constructor)
        {
            return;
        }

        if (HolonAttributes.KindOf(constructor.ContainingType) is not { } sqlKind) return;
        string kind = sqlKind.ToString();

        var sqlArgument = FindSqlArgument(attribute.ArgumentList);
        if (sqlArgument is null ||
            context.SemanticModel.GetConstantValue(sqlArgument.Expression, context.CancellationToken) is not { HasValue: true, Value: string sql })
        {
            return;
        }

        var methodName = attribute.Parent?.Parent switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            LocalFunctionStatementSyntax local => local.Identifier.ValueText,
            _ => "?",
        };
        var location = sqlArgument.Expression.GetLocation();
        var shape = SqlFacts.Of(sql);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, kind);
        var effect = Effect(shape, sqlite?.Of(sql) ?? Verification.SqliteVerdict.NoSchema);

        if (kind != "Command")
        {
            // [Query] and [Watch] both run on a read-only reader.
            if (effect == SqlEffect.Writes)
            {
                string verb = shape.Effect == SqlEffect.Writes ? shape.Verb : FirstWord(sql);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.QueryWrites, location, properties, kind, methodName, verb));
            }
            else if (shape.SelectsStar)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SelectStar, location, properties, kind, methodName));
            }
        }
        else if (effect == SqlEffect.Reads)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CommandOnlyReads, location, properties, methodName));
        }
        else if (shape.Verb is "UPDATE" or "DELETE" && !shape.HasTopLevelWhere)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UpdateOrDeleteWithoutWhere, location, properties, methodName, shape.Verb));
        }
    }

    /// <summary>
    /// Reads or writes: SQLite's answer when it has one (a rejected statement gets no rule: HOLON200 already says why),
    /// the text heuristics otherwise, and for PRAGMA and EXPLAIN, where SQLite's read-only flag is too conservative.
    /// </summary>
    private static SqlEffect Effect(SqlFacts shape, Verification.SqliteVerdict verdict) => verdict switch
    {
        Verification.SqliteVerdict.Writes => SqlEffect.Writes,
        Verification.SqliteVerdict.Reads => SqlEffect.Reads,
        Verification.SqliteVerdict.Rejected or Verification.SqliteVerdict.Neither => SqlEffect.Unknown,
        _ => shape.Effect,
    };

    /// <summary>The statement's first word, for a message when only SQLite knows that it writes.</summary>
    private static string FirstWord(string sql)
    {
        var tokens = Sql.SqlScanner.Scan(sql);
        return tokens.Count > 0 ? tokens[0].Text.ToUpperInvariant() : "";
    }

    /// <summary>The first positional argument, <c>sql:</c>, or <c>Sql =</c>.</summary>
    private static AttributeArgumentSyntax? FindSqlArgument(AttributeArgumentListSyntax list)
    {
        foreach (var argument in list.Arguments)
        {
            if (argument.NameEquals is { } nameEquals)
            {
                if (nameEquals.Name.Identifier.ValueText == "Sql")
                {
                    return argument;
                }
            }
            else if (argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == "sql")
            {
                return argument;
            }
        }

        return null;
    }
}
