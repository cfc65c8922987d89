using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Writes one core: the synchronous body for a (definition, result shape) that opens the statement on a lease,
/// binds, steps and reads. The caller's name comes in as <c>__origin</c>, so errors name the method the user called.
/// </summary>
internal static class CoreEmitter
{
    public static void Emit(EmitContext context, CorePlan core)
    {
        var w = context.W;
        var backend = context.Backend;
        var m = core.Sample;
        bool stream = core.Shape == CoreShape.Stream;
        var parameters = new List<string> { core.OnPool ? backend.PoolType + " __pool" : backend.LeaseType + " __lease" };
        parameters.AddRange(EmitPlan.DataParameters(m).Select(p => p.TypeName + " " + p.Name));
        parameters.Add("string __origin");
        parameters.Add((stream ? Code.EnumeratorCancellation : "") + Code.Token + " __ct");

        string definition = Code.Nested + "." + core.Definition.Name;
        string source = core.OnPool ? "__pool" : "__lease";
        // One span per call (per enumeration for a stream, started before its rent so a wait shows inside it).
        string? startSpan = backend.StartSpan(source, definition, "__origin");
        string name = core.Name;
        if (stream && startSpan is not null)
        {
            // An iterator cannot catch around its yield: StatementSpan.Stream owns a stream's span (when traced) and
            // marks it failed when a step throws; the rows come from the plain iterator below.
            name = core.Name + "_Rows";
            EmitTracedStream(context, core, parameters, source, definition, name);
            startSpan = null;
        }

        // An iterator over the caller's lease never awaits; that is fine, so say so to the compiler.
        bool noAwait = stream && !core.OnPool;
        if (noAwait) w.Line("#pragma warning disable CS1998");
        w.Open("internal static " + (stream ? "async " : "") + ReturnType(core) + " " + name, parameters);
        string? span = startSpan is null ? null : BodyEmitter.Span;
        if (startSpan is not null) w.Line("using var " + BodyEmitter.Span + " = " + startSpan + ";");
        if (core.OnPool)
        {
            // Returned when the enumeration ends, fails or is disposed early.
            string rent = backend.Rent("__pool", m.Kind == SqlKind.Command, async: true, "__ct");
            w.Line("using var __lease = await " + rent + ".ConfigureAwait(false);");
        }
        // A stream yields, and C# allows no yield inside a try with a catch: its span records rows, not errors.
        bool recordErrors = span is not null && !stream;
        if (recordErrors) w.Open("try");
        if (BodyEmitter.NeedsSavepoint(core.Shape, m))
        {
            // Declared before the statement, so the statement is reset before a violation rolls the savepoint back.
            w.Line("using var " + BodyEmitter.Savepoint + " = " + backend.BeginSavepoint("__lease") + ";");
        }
        w.Line("using var " + BodyEmitter.S + " = " + backend.Statement("__lease", definition, "__origin", "__ct") + ";");
        BodyEmitter.Bindings(context, m, "__origin");
        BodyEmitter.Rows(context, core.Shape, m, core.Reader, definition, "__origin", m.Element?.TypeName ?? "", span);
        if (recordErrors)
        {
            w.Close();
            // Fail marks the span and returns false: the filter records the error without catching it.
            w.Open("catch (global::System.Exception __e) when (" + span + ".Fail(__e))");
            w.Line("throw;");
            w.Close();
        }
        w.Close();
        if (noAwait) w.Line("#pragma warning restore CS1998");
    }

    /// <summary>A stream's core: its rows (the iterator <paramref name="rows"/>), traced by <c>StatementSpan.Stream</c>.</summary>
    private static void EmitTracedStream(EmitContext context, CorePlan core, List<string> parameters, string source, string definition,
        string rows)
    {
        var w = context.W;
        // Not an iterator, so its token takes no [EnumeratorCancellation]: the rows' iterator joins the tokens.
        var plain = parameters.Select(p => p.Replace(Code.EnumeratorCancellation, "")).ToList();
        w.Open("internal static " + ReturnType(core) + " " + core.Name, plain);
        var arguments = parameters.Select(p => p.Substring(p.LastIndexOf(' ') + 1)).ToList();
        w.List("var __rows = " + rows, arguments, ";");
        w.Line("return global::Holon.Data.StatementSpan.Stream(" + source + ", " + definition + ", __origin, __rows);");
        w.Close();
        w.Line("");
    }

    /// <summary>The slow path of a ValueTask method: the rent did not complete at once, so await it, then run the core.</summary>
    public static void EmitAfterRent(EmitContext context, CorePlan core, AfterRentPlan afterRent)
    {
        var w = context.W;
        var data = EmitPlan.DataParameters(core.Sample).ToList();
        var parameters = new List<string> { Code.Tasks + "ValueTask<" + context.Backend.LeaseType + "> __rent" };
        parameters.AddRange(data.Select(p => p.TypeName + " " + p.Name));
        parameters.Add("string __origin");
        parameters.Add(Code.Token + " __ct");
        bool isVoid = core.Shape == CoreShape.Execute;
        string result = isVoid ? Code.Tasks + "ValueTask" : Code.Tasks + "ValueTask<" + afterRent.ResultType + ">";
        w.Open("internal static async " + result + " " + afterRent.Name, parameters);
        w.Line("using var __lease = await __rent.ConfigureAwait(false);");
        var arguments = new List<string> { "__lease" };
        arguments.AddRange(data.Select(p => p.Name));
        arguments.Add("__origin");
        arguments.Add("__ct");
        w.List((isVoid ? "" : "return ") + core.Name, arguments, (afterRent.ToArray ? ".ToArray()" : "") + ";");
        w.Close();
    }

    private static string ReturnType(CorePlan core) => core.Shape switch
    {
        CoreShape.Execute => "void",
        CoreShape.RowsAffected => "int",
        CoreShape.List => Code.List + "<" + core.Sample.Element!.TypeName + ">",
        CoreShape.Stream => core.Sample.ReturnTypeName,
        _ => core.Sample.InnerTypeName,
    };
}
