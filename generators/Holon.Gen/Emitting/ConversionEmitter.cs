using System.Collections.Generic;
using System.Linq;
using System.Text;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// A user's conversion (converter, single-value wrapper) as generated code runs it: one static
/// <c>SqlConversion&lt;TModel, TStore&gt;</c> field per conversion, used on bind (<c>Store</c>) and on read
/// (<c>Load</c>), so one that throws names the method, the SQL, the parameter or column, the converter
/// and the value, and a wrapper of null is an error, never SQL NULL. A wrapper of a value type binds its member directly:
/// reading it cannot throw nor give null.
/// </summary>
internal static class ConversionEmitter
{
    /// <summary>Every converter and wrapper the methods bind or read, once each, in first-use order.</summary>
    public static List<(ValueConversion Conversion, ScalarType Store)> Used(EmitPlan plan)
    {
        var result = new List<(ValueConversion, ScalarType)>();
        var seen = new HashSet<string>();
        void Add(ScalarType? t)
        {
            if (t?.Conversion is { Kind: not ConversionKind.Json } c && seen.Add(Field(c))) result.Add((c, ValueEmitter.Store(t, nullable: false)));
        }
        foreach (var method in plan.Methods.Select(p => p.Method))
        {
            foreach (var b in method.Bindings)
            {
                Add(b.Type);
                Add(b.InList?.Element);
            }
            Add(method.Element?.Scalar);
            foreach (var m in method.Element?.Members ?? EquatableArray<ResultMember>.Empty) Add(m.Type);
        }
        return result;
    }

    /// <summary>The field holding the conversion, as generated code names it.</summary>
    public static string Field(ValueConversion conversion)
    {
        // "__" keeps the field clear of the type names it is made of; a type is a converter or a wrapped model, never both.
        var name = new StringBuilder("__");
        foreach (char c in Plain(conversion.Kind == ConversionKind.Wrapper ? conversion.ModelTypeName : conversion.Source))
            name.Append(char.IsLetterOrDigit(c) ? c : '_');
        return name.ToString();
    }

    public static void Emit(EmitContext context, ValueConversion conversion, ScalarType store)
    {
        var w = context.W;
        w.Line("internal static readonly " + Code.Data + "Generated.SqlConversion<" + conversion.ModelTypeName + ", " + store.TypeName + ">");
        w.Indent();
        w.Line(Field(conversion) + " = new(");
        w.Indent();
        w.Line("static __m => " + conversion.Store("__m") + ",");
        w.Line("static __v => " + conversion.Load("__v") + ",");
        w.Line(Code.Literal(Name(conversion)) + ");");
        w.Dedent();
        w.Dedent();
    }

    /// <summary>The store value of <paramref name="value"/>; <paramref name="store"/> is the store type.</summary>
    public static string Store(ValueConversion conversion, ScalarType store, string s, string value, string expression, string sqlName)
    {
        if (!CanFail(conversion, store)) return conversion.Store(value);
        return Field(conversion) + ".Store(" + value + ", " + Code.Literal(expression) + ", " + Code.Literal(sqlName) + ", " + s + ")";
    }

    /// <summary>False for a wrapper of a value type: its member is bound directly, which cannot throw nor give null.</summary>
    public static bool CanFail(ValueConversion conversion, ScalarType store) =>
        conversion.Kind != ConversionKind.Wrapper || store.IsReferenceType;

    /// <summary>The model value of <paramref name="read"/>, the store value just read from column <paramref name="o"/>.</summary>
    public static string Load(ValueConversion conversion, string s, string o, string read) =>
        Field(conversion) + ".Load(" + read + ", " + s + ", " + o + ")";

    /// <summary>The converter as errors name it: its type, or the wrapper's constructor or factory.</summary>
    private static string Name(ValueConversion conversion) =>
        conversion.Kind == ConversionKind.Wrapper ? Plain(conversion.Load("…")) : Plain(conversion.Source);

    private static string Plain(string typeName) => typeName.Replace("global::", "");
}
