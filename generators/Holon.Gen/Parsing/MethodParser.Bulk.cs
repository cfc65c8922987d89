using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>
    /// A collection parameter that is not one bindable value: a list of row types is the rows of a bulk [Command]
    /// (each element binds @Member as an object parameter would); a list of scalars is left to the IN-list rules;
    /// anything else is HOLON051. Null when <paramref name="p"/> is not such a collection.
    /// </summary>
    private ParameterRole? BulkRole(IParameterSymbol p, ParsedParameters parsed)
    {
        if (CollectionElement(p.Type, out bool isAsync) is not { } element) return null;
        if (Classify(element) is not null) return null;
        var location = LocationInfo.From(p.Locations.FirstOrDefault());
        if (!IsObjectCandidate(element))
        {
            Report(DiagnosticDescriptors.CollectionElementNeitherScalarNorRow, location, p.Name, _methodName, element.ToDisplayString());
            parsed.Unsupported.Add(p);
            return ParameterRole.Value;
        }
        string? why = _kind != SqlKind.Command ? "is a bulk source only in a [Command]"
            : parsed.Bulk is not null ? "is a second list of rows; a bulk command takes one"
            : null;
        if (why is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedBulkCommand, location, _methodName, p.Name, why);
            parsed.Unsupported.Add(p);
            parsed.RejectedRows.Add(element);
            return ParameterRole.Value;
        }
        parsed.Bulk = p;
        parsed.BulkSource = new BulkSource(Names.Identifier(p.Name), element.ToDisplayString(TypeClassifier.FullyQualified),
            element.IsReferenceType, isAsync);
        return ParameterRole.Rows;
    }

    /// <summary>A SQL parameter naming a member of a rejected list's rows: already reported, so no HOLON004 on top.</summary>
    private bool NamesRejectedRowMember(ParsedParameters parameters, string key) =>
        parameters.RejectedRows.Any(t => ReadableMembers(t).Any(m => Sql.SqlAnalysis.Normalize(m.Name) == key));

    /// <summary>The element of T[], List&lt;T&gt;, IList&lt;T&gt;, IReadOnlyList&lt;T&gt;, IEnumerable&lt;T&gt; or IAsyncEnumerable&lt;T&gt;.</summary>
    private static ITypeSymbol? CollectionElement(ITypeSymbol type, out bool isAsync)
    {
        isAsync = false;
        if (type is IArrayTypeSymbol { Rank: 1 } array) return array.ElementType;
        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named) return null;
        switch (named.OriginalDefinition.ToDisplayString())
        {
            case "System.Collections.Generic.IAsyncEnumerable<T>":
                isAsync = true;
                return named.TypeArguments[0];
            case "System.Collections.Generic.IEnumerable<T>":
            case "System.Collections.Generic.IReadOnlyList<T>":
            case "System.Collections.Generic.IReadOnlyCollection<T>":
            case "System.Collections.Generic.IList<T>":
            case "System.Collections.Generic.List<T>":
                return named.TypeArguments[0];
            default:
                return null;
        }
    }

    /// <summary>
    /// What a bulk command must also be: without an object parameter beside the rows, with a result of rows affected
    /// or none (no RETURNING rows), and, for an IAsyncEnumerable source, awaited (Task or ValueTask).
    /// </summary>
    private void CheckBulk(ParsedParameters parameters, ResultShape shape, ResultWrapper wrapper)
    {
        if (parameters.Bulk is not { } rows) return;
        var location = LocationInfo.From(rows.Locations.FirstOrDefault());
        string? why = parameters.Object is { } other ? "cannot be bound beside the object parameter '" + other.Name + "'; pass its values as scalar parameters"
            : shape is not (ResultShape.Void or ResultShape.RowsAffected) || wrapper == ResultWrapper.AsyncEnumerable
                ? "returns the total rows affected or nothing: declare int, Task<int>, ValueTask<int>, void, Task or ValueTask (no RETURNING rows)"
            : parameters.BulkSource!.IsAsync && wrapper == ResultWrapper.None
                ? "is an IAsyncEnumerable<T>, awaited element by element: declare Task, ValueTask, Task<int> or ValueTask<int>"
            : null;
        if (why is not null) Report(DiagnosticDescriptors.UnsupportedBulkCommand, location, _methodName, rows.Name, why);
    }
}
