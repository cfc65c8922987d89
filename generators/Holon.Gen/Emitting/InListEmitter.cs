using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Binds an IN-list parameter: a null list is an ArgumentNullException naming the parameter; then either the elements
/// are written one by one into one JSON text (SQLite's <c>json_each</c>), or the list binds as one array (PostgreSQL).
/// Converted elements become store values here, through their conversion fields, never in the backend.
/// </summary>
internal static class InListEmitter
{
    private const string Writer = "global::Holon.Data.Generated.InListJson";

    public static void Bind(EmitContext context, BindingModel b, InListModel list, string origin)
    {
        var w = context.W;
        var backend = context.Backend;
        // A null list is a caller bug even when annotated nullable: an empty list is how to match nothing.
        w.Line("if (" + b.Expression + " is null) throw " + Code.Errors + "NullArgument(" + Code.Literal(b.ParameterName) + ", "
            + Code.Literal(b.Expression) + ", " + Code.Literal(b.SqlName) + ", " + origin + ");");
        if (!backend.InListAsJson)
        {
            var (stored, array) = StoreArray(b, list);
            w.Line(backend.BindInListArray(BodyEmitter.S, b.Slot, stored, array) + ";");
            return;
        }
        string writer = "__in" + b.Slot;
        w.Line("var " + writer + " = " + Writer + ".Start(" + origin + ", " + Code.Literal(b.ParameterName) + ");");
        // An IReadOnlyList is walked by index: its interface enumerator would be allocated.
        if (list.Collection == InListCollection.ReadOnlyList)
        {
            w.Line("for (int __i = 0; __i < " + b.Expression + ".Count; __i++) " + AppendElement(writer, b, b.Expression + "[__i]") + ";");
        }
        else
        {
            w.Line("foreach (var __e in " + b.Expression + ") " + AppendElement(writer, b, "__e") + ";");
        }
        w.Line(writer + ".BindTo(" + BodyEmitter.S + ", " + b.Slot + ");");
    }

    /// <summary>
    /// The one place an element is written, switched on its store kind. A converted element (a typed id, a
    /// [SqlConverter]) goes through its conversion field (<see cref="ConversionEmitter.Store"/>) as a scalar parameter
    /// does, so one that throws or holds null fails naming the method, the list, the value and the SQL.
    /// A NULL element is written as JSON null: <c>x IN (NULL)</c> is never true, and a NULL in <c>NOT IN</c> makes it never true.
    /// </summary>
    public static string AppendElement(string writer, BindingModel b, string value)
    {
        var element = b.InList!.Element;
        if (element.Conversion is not { } conversion) return AppendPlain(writer, element, value);
        var store = ValueEmitter.Store(element, nullable: false);
        if (!MayBeNull(element)) return NonNull(writer, store, Converted(b, conversion, store, value));
        return "if (" + value + " is { } __x) " + NonNull(writer, store, Converted(b, conversion, store, "__x")) + "; else " + writer + ".Null()";
    }

    /// <summary>
    /// The list as the backend binds it when it takes one array: unchanged without a conversion; converted elements
    /// (typed ids, [SqlConverter]) become an array of their store values here, through their conversion field, so the
    /// backend sees store types only. A NULL element stays NULL.
    /// </summary>
    private static (InListModel List, string Value) StoreArray(BindingModel b, InListModel list)
    {
        var e = list.Element;
        if (e.Conversion is not { } conversion) return (list, b.Expression);
        string nullable = e.IsNullable && !e.IsOblivious ? "?" : "";
        var store = ValueEmitter.Store(e, nullable: false);
        bool mayBeNull = MayBeNull(e);
        string stored = Converted(b, conversion, store, mayBeNull ? "__y" : "__x");
        string element = mayBeNull ? "__x is { } __y ? (" + store.TypeName + "?)" + stored + " : null" : stored;
        // Not static when the conversion can fail: its error names the statement (method and SQL).
        string lambda = ConversionEmitter.CanFail(conversion, store) ? "(" : "static (";
        string array = "global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Select(" + b.Expression
            + ", " + lambda + e.ModelTypeName + nullable + " __x) => " + element + "))";
        var storeElement = store with { IsNullable = mayBeNull, IsOblivious = e.IsOblivious };
        return (new InListModel(storeElement, InListCollection.Array), array);
    }

    /// <summary>
    /// A null element becomes a NULL element, never a conversion of null: declared nullable, or a class (a list of a
    /// class can hold null whatever its annotation says), on both backends.
    /// </summary>
    private static bool MayBeNull(ScalarType element) => element.IsNullable || element.IsModelReference;

    /// <summary>An element's store value; errors call it <c>ids[…]</c> and name the list's SQL parameter.</summary>
    private static string Converted(BindingModel b, ValueConversion conversion, ScalarType store, string value)
        => ConversionEmitter.Store(conversion, store, BodyEmitter.S, value, b.Expression + "[…]", b.SqlName);

    // An element of a reference type (a string) can be null: JSON null, as for any NULL.
    private static string AppendPlain(string writer, ScalarType t, string value)
    {
        if (t.IsNullable || t.IsReferenceType)
            return "if (" + value + " is { } __x) " + NonNull(writer, t, "__x") + "; else " + writer + ".Null()";
        return NonNull(writer, t, value);
    }

    private static string NonNull(string writer, ScalarType t, string v)
    {
        if (t.IsEnum) return writer + ".Int64(unchecked((long)" + v + "))";
        return t.Kind switch
        {
            ValueKind.Boolean => writer + ".Int64(" + v + " ? 1 : 0)",
            ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 or ValueKind.UInt16 or ValueKind.Int32 or ValueKind.UInt32
                or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.NInt or ValueKind.NUInt => writer + ".Int64(unchecked((long)" + v + "))",
            ValueKind.Single or ValueKind.Double => writer + ".Double(" + v + ")",
            ValueKind.String => writer + ".Text(" + v + ")",
            ValueKind.Guid => writer + ".Guid(" + v + ")",
            // The same text the scalar binders of PreparedStatement write, so elements compare as parameters do.
            ValueKind.Decimal => Formatted(writer, v, "0.0###########################"),
            ValueKind.DateTime => Formatted(writer, v, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF"),
            ValueKind.DateTimeOffset => Formatted(writer, v, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz"),
            ValueKind.DateOnly => Formatted(writer, v, @"yyyy\-MM\-dd"),
            ValueKind.TimeOnly => writer + ".Formatted(" + v + ", " + v + ".Ticks % global::System.TimeSpan.TicksPerSecond == 0 ? "
                + "\"HH\\\\:mm\\\\:ss\" : \"HH\\\\:mm\\\\:ss\\\\.fffffff\")",
            ValueKind.TimeSpan => Formatted(writer, v, "c"),
            _ => throw new System.InvalidOperationException("An IN-list cannot hold " + t.Kind + " (HOLON049 is reported first)."),
        };
    }

    private static string Formatted(string writer, string v, string format) => writer + ".Formatted(" + v + ", " + Code.Literal(format) + ")";
}
