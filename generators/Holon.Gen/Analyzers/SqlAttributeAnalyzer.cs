using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON103–106: rules about the SQL written in <c>[Query]</c> and <c>[Command]</c>. Each diagnostic
/// points at the SQL argument of the attribute.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlAttributeAnalyzer : DiagnosticAnalyzer
{
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
            if (query is null && command is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, query, command), SyntaxKind.Attribute);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol? query, INamedTypeSymbol? command)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.ArgumentList is null ||
            context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol constructor)
        {
            return;
        }

        var type = constructor.ContainingType;
        var isQuery = SymbolEqualityComparer.Default.Equals(type, query);
        if (!isQuery && !SymbolEqualityComparer.Default.Equals(type, command))
        {
            return;
        }

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

        if (isQuery)
        {
            if (shape.Effect == SqlEffect.Writes)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.QueryWrites, location, methodName, shape.Verb));
            }
            else if (shape.SelectsStar)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SelectStar, location, methodName));
            }
        }
        else if (shape.Effect == SqlEffect.Reads)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CommandOnlyReads, location, methodName));
        }
        else if (shape.Verb is "UPDATE" or "DELETE" && !shape.HasTopLevelWhere)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UpdateOrDeleteWithoutWhere, location, methodName, shape.Verb));
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
