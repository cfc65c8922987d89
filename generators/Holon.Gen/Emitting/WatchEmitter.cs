using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// A [Watch] method is one call to the pool's <c>Watch</c>: the runtime owns the refresh loop, the leases and the
/// change tracking; the generated code only binds (from a tuple of the arguments, so both helpers are static and
/// allocate no closure) and reads one emission.
/// </summary>
internal static class WatchEmitter
{
    public static void EmitAdapter(EmitContext context, MethodPlan plan)
    {
        var w = context.W;
        var m = plan.Method;
        string name = Code.Nested + "." + plan.Definition!.Name;
        string comparer = m.Shape == ResultShape.ReadOnlyList ? Code.Data + "ListComparer<" + m.Element!.TypeName + ">.Default" : "null";
        var arguments = new List<string>
        {
            name, ArgsValue(m), m.Bindings.Count == 0 ? "null" : name + "_Bind", name + "_Read", comparer, m.TokenParameter ?? "default",
        };
        w.Open(AdapterEmitter.Head(m, isAsync: false), AdapterEmitter.Parameters(m));
        w.List("return " + context.Backend.Watch(m.PoolExpression!, ArgsType(m), m.InnerTypeName), arguments, ";");
        w.Close();
    }

    public static void EmitHelpers(EmitContext context, MethodPlan plan)
    {
        var w = context.W;
        var m = plan.Method;
        var definition = plan.Definition!;
        string statement = context.Backend.StatementType;
        string origin = Code.Literal(m.Origin);
        var data = EmitPlan.DataParameters(m).ToList();
        if (m.Bindings.Count > 0)
        {
            w.Open("internal static void " + definition.Name + "_Bind", new List<string> { statement + " " + BodyEmitter.S, ArgsType(m) + " __args" });
            if (data.Count == 1) w.Line("var " + data[0].Name + " = __args;");
            else w.Line("var (" + string.Join(", ", data.Select(p => p.Name)) + ") = __args;");   // by position
            BodyEmitter.Bindings(context, m, origin);
            w.Close();
            w.Line();
        }
        var shape = m.Shape switch
        {
            ResultShape.FirstOrDefault => CoreShape.FirstOrDefault,
            ResultShape.Single => CoreShape.Single,
            _ => CoreShape.List,
        };
        w.Open("internal static " + m.InnerTypeName + " " + definition.Name + "_Read", new List<string> { statement + " " + BodyEmitter.S });
        BodyEmitter.Rows(context, shape, m, plan.Reader, definition.Name, origin, m.Element?.TypeName ?? "");
        w.Close();
    }

    private static string ArgsType(MethodModel m)
    {
        var data = EmitPlan.DataParameters(m).ToList();
        return data.Count switch
        {
            0 => "object?",
            1 => data[0].TypeName,
            // Unnamed: parameter names such as Rest, ToString or Item2 are not allowed as tuple element names.
            _ => "(" + string.Join(", ", data.Select(p => p.TypeName)) + ")",
        };
    }

    private static string ArgsValue(MethodModel m)
    {
        var data = EmitPlan.DataParameters(m).ToList();
        return data.Count switch
        {
            0 => "null",
            1 => data[0].Name,
            _ => "(" + string.Join(", ", data.Select(p => p.Name)) + ")",
        };
    }
}
