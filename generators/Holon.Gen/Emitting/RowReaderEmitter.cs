using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Writes one row reader: a struct built after the first step (it resolves the columns once per execution) whose
/// <c>Read</c> turns the current row into the element. Every method returning that type shares it.
/// </summary>
internal static class RowReaderEmitter
{
    public static void Emit(EmitContext context, ReaderPlan reader)
    {
        var w = context.W;
        var e = reader.Element;
        string statement = context.Backend.StatementType;
        w.Open("internal readonly struct " + reader.Name);
        if (e.Kind == ElementKind.Tuple)
        {
            // Tuples read by position: enough columns is all there is to check.
            w.Open("internal " + reader.Name + "(" + statement + " s, string origin)");
            string count = context.Backend.ColumnCount("s");
            var error = new List<string> { "origin", e.Members.Count.ToString(CultureInfo.InvariantCulture), count, context.Backend.Sql("s") };
            w.List("if (" + count + " < " + e.Members.Count + ") throw " + Code.Errors + "TooFewColumns", error, ";");
            w.Close();
            w.Line();
            w.Line("internal " + e.ConstructedTypeName + " Read(" + statement + " s) => (");
            w.Indent();
            for (int i = 0; i < e.Members.Count; i++)
                w.Line(Value(context, e.Members[i], Ordinal(i)) + (i + 1 < e.Members.Count ? "," : ");"));
            w.Dedent();
            w.Close();
            return;
        }

        w.Line("private readonly int " + string.Join(", ", Enumerable.Range(0, e.Members.Count).Select(i => "_o" + Ordinal(i))) + ";");
        w.Line();
        w.Open("internal " + reader.Name + "(" + statement + " s)");
        for (int i = 0; i < e.Members.Count; i++)
            w.Line("_o" + Ordinal(i) + " = " + context.Backend.Ordinal("s", i, required: e.Members[i].IsRequired) + ";");
        w.Close();
        w.Line();
        w.Open("internal " + e.ConstructedTypeName + " Read(" + statement + " s)");
        EmitRead(context, e);
        w.Close();
        w.Close();
    }

    private static void EmitRead(EmitContext context, ElementModel e)
    {
        var w = context.W;
        if (e.Kind == ElementKind.NamedTuple)
        {
            w.Line("return (");
            w.Indent();
            for (int i = 0; i < e.Members.Count; i++)
                w.Line(Value(context, e.Members[i], "_o" + Ordinal(i)) + (i + 1 < e.Members.Count ? "," : ");"));
            w.Dedent();
            return;
        }
        var args = new List<string>();
        var inits = new List<string>();
        var setters = new List<string>();
        for (int i = 0; i < e.Members.Count; i++)
        {
            var member = e.Members[i];
            string value = Value(context, member, "_o" + Ordinal(i));
            if (member.Default is not null) value = "_o" + Ordinal(i) + " < 0 ? " + member.Default + " : " + value;
            switch (member.Role)
            {
                case MemberRole.ConstructorArgument: args.Add(value); break;
                case MemberRole.Initializer: inits.Add(member.Identifier + " = " + value); break;
                default: setters.Add("if (_o" + Ordinal(i) + " >= 0) item." + member.Identifier + " = " + value + ";"); break;
            }
        }
        string head = setters.Count == 0 ? "return new " : "var item = new ";
        string end = inits.Count == 0 ? ";" : "";
        if (args.Count == 0) w.Line(head + e.ConstructedTypeName + "()" + end);
        else w.List(head + e.ConstructedTypeName, args, end);
        if (inits.Count > 0)
        {
            w.Open();
            foreach (var init in inits) w.Line(init + ",");
            w.Close(";");
        }
        if (setters.Count == 0) return;
        foreach (var setter in setters) w.Line(setter);
        w.Line("return item;");
    }

    private static string Value(EmitContext context, ResultMember member, string ordinal) =>
        ValueEmitter.Read(context.Backend, "s", member.Type, ordinal, member.Name);

    private static string Ordinal(int i) => i.ToString(CultureInfo.InvariantCulture);
}
