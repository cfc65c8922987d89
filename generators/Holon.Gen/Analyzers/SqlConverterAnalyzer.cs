using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Holon.Gen.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON040–042 at each <c>[SqlConverter]</c>: the type it names must be an <c>ISqlConverter&lt;TModel, TStore&gt;</c>
/// whose store type binds as one value, and, except on the assembly (where it applies to every use of its model type),
/// whose model type is the type it is applied to (or the <c>T</c> of a <c>T?</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlConverterAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ConverterModelMismatch,
        DiagnosticDescriptors.NotAConverter,
        DiagnosticDescriptors.ConverterStoreNotBindable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName("Holon.Data.SqlConverterAttribute") is null) return;
            // Assembly attributes have no symbol action: each [assembly: ...] list is checked where it is written.
            start.RegisterSyntaxNodeAction(c =>
            {
                var list = (AttributeListSyntax)c.Node;
                if (list.Target?.Identifier.IsKind(SyntaxKind.AssemblyKeyword) != true) return;
                foreach (var a in c.SemanticModel.Compilation.Assembly.GetAttributes())
                {
                    if (a.ApplicationSyntaxReference is { } r && r.SyntaxTree == list.SyntaxTree && list.Span.Contains(r.Span))
                        Check(a, null, c.ReportDiagnostic, c.CancellationToken);
                }
            }, SyntaxKind.AttributeList);
            start.RegisterSymbolAction(c => AnalyzeSymbol(c), SymbolKind.NamedType, SymbolKind.Property, SymbolKind.Field, SymbolKind.Method);
        });
    }

    private static void AnalyzeSymbol(SymbolAnalysisContext context)
    {
        switch (context.Symbol)
        {
            case INamedTypeSymbol type:
                CheckAll(context, type, type);
                break;
            case IPropertySymbol property:
                CheckAll(context, property, property.Type);
                break;
            case IFieldSymbol field:
                CheckAll(context, field, field.Type);
                break;
            case IMethodSymbol method:
                foreach (var p in method.Parameters) CheckAll(context, p, p.Type);
                break;
        }
    }

    private static void CheckAll(SymbolAnalysisContext context, ISymbol symbol, ITypeSymbol target)
    {
        foreach (var a in symbol.GetAttributes()) Check(a, target, context.ReportDiagnostic, context.CancellationToken);
    }

    private static void Check(AttributeData a, ITypeSymbol? target, System.Action<Diagnostic> report, System.Threading.CancellationToken ct)
    {
        if (!ValueConversions.IsConverterAttribute(a)) return;
        var location = a.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? Location.None;
        if (a.ConstructorArguments.Length != 1 || a.ConstructorArguments[0].Value is not INamedTypeSymbol named) return;
        if (ValueConversions.ConverterOf(a) is not { } converter)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.NotAConverter, location, named.ToDisplayString()));
            return;
        }
        if (!TypeClassifier.IsStorable(converter.Store))
            report(Diagnostic.Create(DiagnosticDescriptors.ConverterStoreNotBindable, location, named.ToDisplayString(), converter.Store.ToDisplayString()));
        if (target is null) return;
        var used = target is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : target;
        if (!SymbolEqualityComparer.Default.Equals(used.WithNullableAnnotation(NullableAnnotation.NotAnnotated),
                converter.Model.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
        {
            report(Diagnostic.Create(DiagnosticDescriptors.ConverterModelMismatch, location, named.ToDisplayString(),
                converter.Model.ToDisplayString(), used.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString()));
        }
    }
}
