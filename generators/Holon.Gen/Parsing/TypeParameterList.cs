using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

/// <summary>
/// A generic method's type parameters and constraint clauses, spelled for the throwing stub of HOLON010: the stub
/// must repeat them exactly (CS0761), and it keeps HOLON010 the only error instead of adding CS8795.
/// </summary>
internal static class TypeParameterList
{
    public static string Of(IMethodSymbol method) =>
        method.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", method.TypeParameters.Select(t => Names.Identifier(t.Name))) + ">";

    public static IEnumerable<string> Constraints(IMethodSymbol method)
    {
        foreach (var t in method.TypeParameters)
        {
            var parts = new List<string>();
            if (t.HasReferenceTypeConstraint)
                parts.Add(t.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            else if (t.HasUnmanagedTypeConstraint) parts.Add("unmanaged");
            else if (t.HasValueTypeConstraint) parts.Add("struct");
            else if (t.HasNotNullConstraint) parts.Add("notnull");
            parts.AddRange(t.ConstraintTypes.Select(c => c.ToDisplayString(TypeClassifier.FullyQualified)));
            if (t.HasConstructorConstraint) parts.Add("new()");
            if (parts.Count > 0) yield return "where " + Names.Identifier(t.Name) + " : " + string.Join(", ", parts);
        }
    }
}
