using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON100: a database connection created by hand bypasses the pool (its limits, its prepared
/// statements, its single writer). Reports <c>new XxxConnection(...)</c> for every
/// <c>DbConnection</c> subtype and <c>DbProviderFactory.CreateConnection()</c> (SqliteFactory included).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DirectConnectionCreationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DirectConnectionCreation);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var dbConnection = start.Compilation.GetTypeByMetadataName(KnownNames.DbConnection);
            if (dbConnection is null)
            {
                return;
            }

            var providerFactory = start.Compilation.GetTypeByMetadataName(KnownNames.DbProviderFactory);
            var sanctioned = start.Compilation.GetTypeByMetadataName(KnownNames.ConnectionFactoryAttribute);

            start.RegisterOperationAction(c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (creation.Type is INamedTypeSymbol type && DerivesFrom(type, dbConnection) &&
                    !IsSanctioned(c.ContainingSymbol, sanctioned))
                {
                    c.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DirectConnectionCreation, creation.Syntax.GetLocation(), "new " + type.Name));
                }
            }, OperationKind.ObjectCreation);

            if (providerFactory is not null)
            {
                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    var method = invocation.TargetMethod;
                    if (method.Name == "CreateConnection" && !method.IsStatic &&
                        DerivesFrom(method.ContainingType, providerFactory) &&
                        !IsSanctioned(c.ContainingSymbol, sanctioned))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.DirectConnectionCreation, invocation.Syntax.GetLocation(),
                            method.ContainingType.Name + ".CreateConnection()"));
                    }
                }, OperationKind.Invocation);
            }
        });
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True inside the runtime's own connection factory (<c>SqlitePool</c> and its internals in the
    /// Holon.Data assembly create the physical connections) and inside any method, property, accessor
    /// or type marked [ConnectionFactory], including lambdas and local functions nested in them.
    /// </summary>
    private static bool IsSanctioned(ISymbol? symbol, INamedTypeSymbol? attribute)
    {
        if (symbol?.ContainingAssembly?.Name == KnownNames.RuntimeAssembly && IsRuntimeFactory(symbol.ContainingType))
        {
            return true;
        }

        if (attribute is null)
        {
            return false;
        }

        for (; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (HasAttribute(symbol, attribute) ||
                (symbol is IMethodSymbol { AssociatedSymbol: { } property } && HasAttribute(property, attribute)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRuntimeFactory(INamedTypeSymbol? type)
    {
        while (type?.ContainingType is not null)
        {
            type = type.ContainingType;
        }

        var ns = type?.ContainingNamespace?.ToDisplayString();
        return (ns + "." + type?.Name) == KnownNames.SqlitePool || ns == KnownNames.RuntimeAssembly + ".Internal";
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }
}
