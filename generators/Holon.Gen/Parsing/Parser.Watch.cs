using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal static partial class Parser
{
    /// <summary>
    /// [Watch] returns IAsyncEnumerable of one emission: IReadOnlyList&lt;T&gt; (the whole result), T? (the first
    /// row or null) or non-nullable T (exactly one row, e.g. a count). Returns a reason when the shape is not one of
    /// these; null when it is. A watch rents and returns its own readers, so it takes no lease.
    /// </summary>
    private static string? ParseWatchResult(ResultWrapper wrapper, ITypeSymbol? inner, string? leaseParameter, IMethodSymbol method,
        INamedTypeSymbol type, Compilation compilation, List<DiagnosticInfo> diagnostics, LocationInfo? returnLocation, string methodName,
        out ResultShape shape, out ElementModel? element)
    {
        shape = ResultShape.Stream;
        element = null;
        if (leaseParameter is not null)
        {
            foreach (var p in method.Parameters)
            {
                if (Identifier(p.Name) == leaseParameter)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, LocationInfo.From(p.Locations.FirstOrDefault()),
                        p.Name, methodName, p.Type.ToDisplayString(TypeClassifier.FullyQualified)));
            }
        }

        if (wrapper != ResultWrapper.AsyncEnumerable || inner is null) return "";
        if (TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "IReadOnlyList`1", out var listElement))
        {
            shape = ResultShape.ReadOnlyList;
            element = ParseElement(listElement, method, type, compilation, diagnostics, returnLocation, methodName, stripNullable: false);
            return null;
        }
        if (inner is IArrayTypeSymbol { ElementType.SpecialType: not SpecialType.System_Byte }
            || TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "List`1", out _)
            || TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "IEnumerable`1", out _))
        {
            return ""; // every emission is shared with nobody, but IReadOnlyList<T> says it must not be changed
        }

        bool nullable = inner.NullableAnnotation == NullableAnnotation.Annotated
            || inner is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        shape = nullable ? ResultShape.FirstOrDefault : ResultShape.Single;
        element = ParseElement(inner, method, type, compilation, diagnostics, returnLocation, methodName, stripNullable: true);
        return null;
    }
}
