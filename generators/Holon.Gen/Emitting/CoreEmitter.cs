using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Writes one core: the body for a (definition, result shape) that opens the statement on a lease, binds, steps and
/// reads; synchronous, or awaiting each step on a backend with network I/O. The caller's name comes in as
/// <c>__origin</c>, so errors name the method the user called.
/// </summary>
internal static class CoreEmitter
{
    /// <summary>One parameter of a generated method, kept apart until it is written.</summary>
    private sealed record Parameter(string Type, string Name, bool EnumeratorCancellation = false)
    {
        public string Declaration(bool attributes) => (attributes && EnumeratorCancellation ? Code.EnumeratorCancellation : "") + Type + " " + Name;
    }

    public static void Emit(EmitContext context, CorePlan core)
    {
        var w = context.W;
        var backend = context.Backend;
        var m = core.Sample;
        if (m.Bulk is not null)
        {
            BulkEmitter.Emit(context, core);
            return;
        }
        bool stream = core.Shape == CoreShape.Stream;
        var parameters = new List<Parameter> { core.OnPool ? new(backend.PoolType, "__pool") : new(backend.LeaseType, "__lease") };
        parameters.AddRange(EmitPlan.DataParameters(m).Select(p => new Parameter(p.TypeName, p.Name)));
        parameters.Add(new Parameter("string", "__origin"));
        parameters.Add(new Parameter(Code.Token, "__ct", EnumeratorCancellation: stream));

        string definition = Code.Nested + "." + core.Definition.Name;
        string source = core.OnPool ? "__pool" : "__lease";
        // One span per call (per enumeration for a stream, started before its rent so a wait shows inside it).
        string? startSpan = backend.StartSpan(source, definition, "__origin");
        string name = core.Name;
        if (stream && startSpan is not null)
        {
            // An iterator cannot catch around its yield: the backend's stream span owns a stream's span (when traced) and
            // marks it failed when a step throws; the rows come from the plain iterator below.
            name = core.Name + "_Rows";
            EmitTracedStream(context, core, parameters, source, definition, name);
            startSpan = null;
        }

        // An iterator over the caller's lease never awaits on a backend without I/O; that is fine, so say so to the compiler.
        bool noAwait = stream && !core.OnPool && !core.Async;
        if (noAwait) w.Line("#pragma warning disable CS1998");
        string modifiers = stream || core.Async ? "internal static async " : "internal static ";
        w.Open(modifiers + ReturnType(core) + " " + name, parameters.Select(p => p.Declaration(attributes: true)).ToList());
        string? span = startSpan is null ? null : BodyEmitter.Span;
        if (startSpan is not null) w.Line("using var " + BodyEmitter.Span + " = " + startSpan + ";");
        bool async = core.Async;
        if (core.Rent is { } rent)
        {
            // Returned when the enumeration ends, fails or is disposed early.
            w.Line(backend.Using(async: true) + "var __lease = await " + backend.Rent("__pool", rent, async: true, "__ct") + ".ConfigureAwait(false);");
        }
        // A stream yields, and C# allows no yield inside a try with a catch: its span records rows, not errors.
        bool recordErrors = span is not null && !stream;
        if (recordErrors) w.Open("try");
        if (BodyEmitter.NeedsSavepoint(core.Shape, m))
        {
            // Declared before the statement, so the statement is reset before a violation rolls the savepoint back.
            w.Line(backend.Using(async) + "var " + BodyEmitter.Savepoint + " = " + backend.BeginSavepoint("__lease", async, "__ct") + ";");
        }
        w.Line(backend.Using(async) + "var " + BodyEmitter.S + " = " + backend.Statement("__lease", definition, "__origin", "__ct") + ";");
        BodyEmitter.Bindings(context, m, "__origin");
        BodyEmitter.Rows(context, core.Shape, m, core.Reader, definition, "__origin", m.Element?.TypeName ?? "", span, async);
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

    /// <summary>A stream's core: its rows (the iterator <paramref name="rows"/>), traced by the backend's stream span.</summary>
    private static void EmitTracedStream(EmitContext context, CorePlan core, List<Parameter> parameters, string source, string definition,
        string rows)
    {
        var w = context.W;
        // Not an iterator, so its token takes no [EnumeratorCancellation]: the rows' iterator joins the tokens.
        w.Open("internal static " + ReturnType(core) + " " + core.Name, parameters.Select(p => p.Declaration(attributes: false)).ToList());
        w.List("var __rows = " + rows, parameters.Select(p => p.Name).ToList(), ";");
        w.Line("return " + context.Backend.StreamSpan(source, definition, "__origin", "__rows") + ";");
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

    internal static string ReturnType(CorePlan core)
    {
        string result = core.Shape switch
        {
            CoreShape.Execute => "void",
            CoreShape.RowsAffected => "int",
            CoreShape.List => Code.List + "<" + core.Sample.Element!.TypeName + ">",
            CoreShape.Stream => core.Sample.ReturnTypeName,
            _ => core.Sample.InnerTypeName,
        };
        if (!core.Async || core.Shape == CoreShape.Stream) return result;
        return core.Shape == CoreShape.Execute ? Code.Tasks + "ValueTask" : Code.Tasks + "ValueTask<" + result + ">";
    }
}
