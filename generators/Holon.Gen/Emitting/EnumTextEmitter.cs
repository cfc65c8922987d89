using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Enums stored as their names ([EnumAsText]): per enum type, its names and values in two tables (reads turn the index
/// of the name found into the value) and a switch from value to name (writes). No reflection, so trimming and AOT hold.
/// </summary>
internal static class EnumTextEmitter
{
    /// <summary>Every enum stored as text that the methods bind or read, once each, in first-use order.</summary>
    public static List<(ScalarType Type, EnumText Text)> Used(EmitPlan plan)
    {
        var result = new List<(ScalarType, EnumText)>();
        var seen = new HashSet<string>();
        void Add(ScalarType? t)
        {
            if (t?.Text is { } text && seen.Add(text.HelperStem)) result.Add((t, text));
        }
        foreach (var method in plan.Methods.Select(p => p.Method))
        {
            foreach (var b in method.Bindings) Add(b.Type);
            Add(method.Element?.Scalar);
            foreach (var m in method.Element?.Members ?? EquatableArray<ResultMember>.Empty) Add(m.Type);
        }
        return result;
    }

    /// <summary>What an enum stored as text binds: its name, a string.</summary>
    public static readonly ScalarType NameType = new(ValueKind.String, "string", false, false, true);

    public static string Names(EnumText text) => text.HelperStem + "_Names";

    public static string Values(EnumText text) => text.HelperStem + "_Values";

    public static string OrNull(EnumText text) => text.HelperStem + "_OrNull";

    /// <summary>
    /// Reads an enum stored as its name: every backend's statement finds the name's index (<c>GetEnumName</c>), and the
    /// generated table gives the value. Anything else is read by the backend itself.
    /// </summary>
    public static string Read(Backend.BackendEmitter backend, string s, ScalarType t, string o, string member)
    {
        if (t.Text is not { } text) return backend.Read(s, t, o, member);
        string args = "(" + o + ", " + Code.Literal(member) + ", " + Code.Literal(t.TypeName.Replace("global::", "")) + ", " + Names(text) + ")";
        return t.IsNullable
            ? OrNull(text) + "(" + s + ".GetEnumNameOrNull" + args + ")"
            : Values(text) + "[" + s + ".GetEnumName" + args + "]";
    }

    /// <summary>The name to bind for <paramref name="value"/>; an unnamed value throws naming the expression and the method.</summary>
    public static string ToText(ScalarType t, string value, string expression, string sqlName, string origin) =>
        t.Text!.HelperStem + "_Text(" + value + ", " + Code.Literal(expression) + ", " + Code.Literal(sqlName) + ", " + origin + ")";

    public static void Emit(EmitContext context, ScalarType t, EnumText text)
    {
        var w = context.W;
        string type = t.TypeName;
        w.Line("internal static readonly string[] " + Names(text) + " = new string[]");
        w.Open();
        foreach (var n in text.Names) w.Line(Code.Literal(n.Name) + ",");
        w.Close(";");
        w.Line();
        w.Line("internal static readonly " + type + "[] " + Values(text) + " = new " + type + "[]");
        w.Open();
        foreach (var n in text.Names) w.Line(type + "." + n.Identifier + ",");
        w.Close(";");
        w.Line();
        w.Line("internal static " + type + "? " + OrNull(text) + "(int index) => index < 0 ? null : " + Values(text) + "[index];");
        w.Line();
        w.Line("internal static string " + text.HelperStem + "_Text(" + type + " value, string expression, string sqlName, string origin) =>");
        w.Indent();
        w.Line("value switch");
        w.Open();
        foreach (var n in text.Names.Where(n => n.Writes)) w.Line(type + "." + n.Identifier + " => " + Code.Literal(n.Name) + ",");
        w.Line("_ => throw " + Code.Errors + "UnnamedEnumValue(");
        w.Indent();
        w.Line("expression, sqlName, " + Code.Literal(type.Replace("global::", "")) + ", unchecked((long)value), origin),");
        w.Dedent();
        w.Close(";");
        w.Dedent();
    }
}
