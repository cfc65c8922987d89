using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;
using Holon.Gen.Parsing;

namespace Holon.Gen.Emitting;

/// <summary>
/// JSON columns ([SqlJson]): per stored type and context, one static field holding the context's type information,
/// looked up once by type (<c>GetTypeInfo</c>; the System.Text.Json generator's property names are not visible here).
/// Binds and reads pass it to the statement, so serialization never falls back to reflection.
/// </summary>
internal static class JsonEmitter
{
    private const string TypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<";

    /// <summary>Every JSON conversion the methods bind or read, once each, in first-use order.</summary>
    public static List<ValueConversion> Used(EmitPlan plan)
    {
        var result = new List<ValueConversion>();
        var seen = new HashSet<string>();
        void Add(ScalarType? t)
        {
            if (t?.Conversion is { Kind: ConversionKind.Json } json && seen.Add(Field(json))) result.Add(json);
        }
        foreach (var method in plan.Methods.Select(p => p.Method))
        {
            foreach (var b in method.Bindings) Add(b.Type);
            Add(method.Element?.Scalar);
            foreach (var m in method.Element?.Members ?? EquatableArray<ResultMember>.Empty) Add(m.Type);
        }
        return result;
    }

    /// <summary>The field holding the type information, as generated code names it.</summary>
    public static string Field(ValueConversion json) => JsonColumnParser.Field(json);

    public static void Emit(EmitContext context, ValueConversion json)
    {
        var w = context.W;
        w.Line("internal static readonly " + TypeInfo + json.ModelTypeName + ">");
        w.Indent();
        w.Line(Field(json) + " = " + Code.Data + "Generated.JsonColumns.TypeInfo<" + json.ModelTypeName + ">(");
        w.Indent();
        w.Line(json.Source + ".Default);");
        w.Dedent();
        w.Dedent();
    }
}
