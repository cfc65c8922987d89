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

            start.RegisterSyntaxNodeAction(Analyze, SyntaxKind.Attribute);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
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
        var shape = SqlShape.Of(sql);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, kind);

        if (kind != "Command")
        {
            // [Query] and [Watch] both run on a read-only reader.
            if (shape.Effect == SqlEffect.Writes)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.QueryWrites, location, properties, kind, methodName, shape.Verb));
            }
            else if (shape.SelectsStar)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SelectStar, location, properties, kind, methodName));
            }
        }
        else if (shape.Effect == SqlEffect.Reads)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CommandOnlyReads, location, properties, methodName));
        }
        else if (shape.Verb is "UPDATE" or "DELETE" && !shape.HasTopLevelWhere)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UpdateOrDeleteWithoutWhere, location, properties, methodName, shape.Verb));
        }
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
