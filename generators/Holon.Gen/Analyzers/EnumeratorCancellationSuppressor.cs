using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Analyzers;

/// <summary>
/// Suppresses CS8424 ("[EnumeratorCancellation] will have no effect") on the token of a <c>[Command]</c>
/// <c>IAsyncEnumerable</c> method whose generated body is not an iterator. Such a body returns the pool's
/// <c>StreamOnWriter</c> stream, which joins the method's token with the enumerator's itself, so the attribute does
/// take effect. The body must not be an iterator: an iterator rents the writer on its own flow, and a writer rent in
/// the <c>await foreach</c> body would then wait for <c>AcquireTimeout</c> instead of failing at once.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EnumeratorCancellationSuppressor : DiagnosticSuppressor
{
    /// <summary>The suppression of CS8424 on a generated writer stream.</summary>
    public static readonly SuppressionDescriptor WriterStreamToken = new(
        "HOLONS001",
        "CS8424",
        "Holon.Gen's body for this [Command] stream returns SqlitePool.StreamOnWriter, which joins this token with the enumerator's token.");

    /// <inheritdoc />
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(WriterStreamToken);

    /// <inheritdoc />
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            var tree = diagnostic.Location.SourceTree;
            if (tree is null) continue;
            var node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan);
            var model = context.GetSemanticModel(tree);
            // The warning sits on the attribute or the parameter; walk up to the parameter.
            var parameterSyntax = node.AncestorsAndSelf().FirstOrDefault(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax);
            if (parameterSyntax is null) continue;
            if (model.GetDeclaredSymbol(parameterSyntax, context.CancellationToken) is not IParameterSymbol { ContainingSymbol: IMethodSymbol method })
                continue;
            if (IsGeneratedWriterStream(method)) context.ReportSuppression(Suppression.Create(WriterStreamToken, diagnostic));
        }
    }

    private static bool IsGeneratedWriterStream(IMethodSymbol method)
    {
        var definition = method.PartialDefinitionPart ?? method;
        var implementation = definition.PartialImplementationPart;
        // Only Holon.Gen writes the body of a [Command] partial; an async body is an iterator, which needs no help.
        if (implementation is null || implementation.IsAsync) return false;
        return definition.GetAttributes().Any(a => HolonAttributes.KindOf(a.AttributeClass) == Model.SqlKind.Command);
    }
}
