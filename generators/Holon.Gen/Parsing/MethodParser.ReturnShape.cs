using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>What the return type asks for: the wrapper, the type inside it, the shape and the element.</summary>
    private readonly record struct ParsedReturn(ResultWrapper Wrapper, ITypeSymbol? Inner, ResultShape Shape, ElementModel? Element);

    private ParsedReturn ParseReturn(SqlAnalysis analysis, string? leaseParameter)
    {
        var (wrapper, inner) = Unwrap(_method.ReturnType);
        var returnLocation = LocationInfo.From(_syntax.ReturnType);
        bool supported;
        ResultShape shape;
        ElementModel? element;
        if (_kind == SqlKind.Watch)
        {
            supported = ParseWatchResult(wrapper, inner, leaseParameter, returnLocation, out shape, out element);
        }
        else
        {
            bool returnsRows = _kind != SqlKind.Command || analysis.HasReturning;
            supported = ParseResult(wrapper, inner, returnsRows, returnLocation, out shape, out element);
        }
        if (!supported) ReportUnsupportedReturn(returnLocation);
        return new ParsedReturn(wrapper, inner, shape, element);
    }

    private void ReportUnsupportedReturn(LocationInfo? location) =>
        Report(DiagnosticDescriptors.UnsupportedReturnType, location, _methodName, _method.ReturnType.ToDisplayString(), AttributeName,
            AllowedReturns(_kind));

    /// <summary>What HOLON007 lists, so the message says what to write instead.</summary>
    private static string AllowedReturns(SqlKind kind) => kind switch
    {
        SqlKind.Command => "void or int (rows affected), or without RETURNING in Task/ValueTask; with RETURNING, the shapes of [Query]: "
            + RowShapes,
        SqlKind.Watch => "IAsyncEnumerable<IReadOnlyList<T>> (every row), IAsyncEnumerable<T?> (the first row or null) or "
            + "IAsyncEnumerable<T> (exactly one row)",
        _ => RowShapes,
    };

    private const string RowShapes = "T (exactly one row), T? (the first row or null), List<T>, IReadOnlyList<T>, T[] or "
        + "IAsyncEnumerable<T>, the first five also in Task<...> or ValueTask<...>; T is a scalar, a value tuple, or a class, record or struct";

    /// <summary>Task, ValueTask (with or without a result), IAsyncEnumerable, or the result itself; null inside for void.</summary>
    private (ResultWrapper Wrapper, ITypeSymbol? Inner) Unwrap(ITypeSymbol type)
    {
        if (_method.ReturnsVoid) return (ResultWrapper.None, null);
        if (TypeClassifier.IsGeneric(type, "System.Threading.Tasks", "Task`1", out var task)) return (ResultWrapper.Task, task);
        if (TypeClassifier.IsGeneric(type, "System.Threading.Tasks", "ValueTask`1", out var valueTask)) return (ResultWrapper.ValueTask, valueTask);
        if (TypeClassifier.IsType(type, "System.Threading.Tasks", "Task")) return (ResultWrapper.Task, null);
        if (TypeClassifier.IsType(type, "System.Threading.Tasks", "ValueTask")) return (ResultWrapper.ValueTask, null);
        if (TypeClassifier.IsGeneric(type, "System.Collections.Generic", "IAsyncEnumerable`1", out var stream))
            return (ResultWrapper.AsyncEnumerable, stream);
        return (ResultWrapper.None, type);
    }

    /// <summary>The shape of a [Query] or [Command] result; false when the return type does not fit the statement.</summary>
    private bool ParseResult(ResultWrapper wrapper, ITypeSymbol? inner, bool returnsRows, LocationInfo? location,
        out ResultShape shape, out ElementModel? element)
    {
        element = null;
        if (wrapper == ResultWrapper.AsyncEnumerable)
        {
            shape = ResultShape.Stream;
            if (!returnsRows) return false;
            element = ParseElement(inner!, location, stripNullable: false);
            return true;
        }
        if (inner is null)
        {
            shape = ResultShape.Void;
            return _kind != SqlKind.Query;
        }
        if (!returnsRows)
        {
            shape = inner.SpecialType == SpecialType.System_Int32 ? ResultShape.RowsAffected : ResultShape.Void;
            return shape == ResultShape.RowsAffected;
        }

        ITypeSymbol elementType;
        if (TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "List`1", out var list)) (shape, elementType) = (ResultShape.List, list);
        else if (TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "IReadOnlyList`1", out var readOnly))
            (shape, elementType) = (ResultShape.ReadOnlyList, readOnly);
        else if (inner is IArrayTypeSymbol { Rank: 1 } array && array.ElementType.SpecialType != SpecialType.System_Byte)
            (shape, elementType) = (ResultShape.Array, array.ElementType);
        else (shape, elementType) = (IsNullable(inner) ? ResultShape.FirstOrDefault : ResultShape.Single, inner);
        if (shape is ResultShape.List or ResultShape.ReadOnlyList or ResultShape.Array && IsNullable(inner))
            Report(DiagnosticDescriptors.NullableRowList, location, _methodName, inner.ToDisplayString(),
                inner.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString());
        element = ParseElement(elementType, location, stripNullable: shape is ResultShape.FirstOrDefault or ResultShape.Single);
        return true;
    }

    private static bool IsNullable(ITypeSymbol type) =>
        type.NullableAnnotation == NullableAnnotation.Annotated
        || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    /// <summary>
    /// [Watch] returns IAsyncEnumerable of one emission: IReadOnlyList&lt;T&gt; (the whole result), T? (the first
    /// row or null) or non-nullable T (exactly one row, e.g. a count); false for any other shape. A watch rents and
    /// returns its own readers, so it takes no lease.
    /// </summary>
    private bool ParseWatchResult(ResultWrapper wrapper, ITypeSymbol? inner, string? leaseParameter, LocationInfo? location,
        out ResultShape shape, out ElementModel? element)
    {
        shape = ResultShape.Stream;
        element = null;
        if (leaseParameter is not null)
        {
            foreach (var p in _method.Parameters)
            {
                if (Names.Identifier(p.Name) == leaseParameter)
                    Report(DiagnosticDescriptors.WatchWithLease, LocationInfo.From(p.Locations.FirstOrDefault()), _methodName, p.Name);
            }
        }

        if (wrapper != ResultWrapper.AsyncEnumerable || inner is null) return false;
        if (TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "IReadOnlyList`1", out var listElement))
        {
            shape = ResultShape.ReadOnlyList;
            element = ParseElement(listElement, location, stripNullable: false);
            return true;
        }
        if (inner is IArrayTypeSymbol { ElementType.SpecialType: not SpecialType.System_Byte }
            || TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "List`1", out _)
            || TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "IEnumerable`1", out _))
        {
            return false; // every emission is shared with nobody, but IReadOnlyList<T> says it must not be changed
        }

        shape = IsNullable(inner) ? ResultShape.FirstOrDefault : ResultShape.Single;
        element = ParseElement(inner, location, stripNullable: true);
        return true;
    }
}
