using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Writes the user's partial method as a thin adapter: rent a lease (or use the caller's), call the core with this
/// method's name as the origin, and wrap the result for Task, ValueTask or IAsyncEnumerable.
/// </summary>
internal static class AdapterEmitter
{
    public static void Emit(EmitContext context, MethodPlan plan)
    {
        var m = plan.Method;
        if (m.IsStub) EmitStub(context.W, m);
        else if (m.Kind == SqlKind.Watch) WatchEmitter.EmitAdapter(context, plan);
        else if (m.Wrapper == ResultWrapper.AsyncEnumerable) EmitStream(context, plan);
        else if (plan.Core!.Async) EmitAsyncCall(context, plan);
        else EmitCall(context, plan);
    }

    public static string Head(MethodModel m, bool isAsync)
    {
        var head = new List<string>();
        if (m.Modifiers.Length > 0) head.Add(m.Modifiers);
        if (isAsync) head.Add("async");
        head.Add("partial");
        head.Add(m.ReturnTypeName);
        return string.Join(" ", head) + " " + m.Name;
    }

    public static List<string> Parameters(MethodModel m) => m.Parameters.Select(p => p.Prefix + p.TypeName + " " + p.Name).ToList();

    /// <summary>Arguments of a core call: the lease (or pool), the data, this method's name and the token.</summary>
    private static List<string> CoreArguments(MethodModel m, string source, string token)
    {
        var arguments = new List<string> { source };
        arguments.AddRange(EmitPlan.DataParameters(m).Select(p => p.Name));
        arguments.Add(Code.Literal(m.Origin));
        arguments.Add(token);
        return arguments;
    }

    internal static void EmitStub(IndentedWriter w, MethodModel m)
    {
        w.Line("// Not generated: see the HOLON error reported on this method.");
        w.List(Head(m, isAsync: false), Parameters(m), "");
        w.Indent();
        foreach (var constraint in m.StubConstraints) w.Line(constraint);
        string message = Code.Literal("Holon.Gen could not generate " + m.Origin + "; fix the HOLON error reported on it.");
        if (m.PoolExpression is null)
        {
            w.Line("=> throw new global::System.NotSupportedException(");
            w.Indent().Line(message + ");").Dedent();
            w.Dedent();
            return;
        }
        w.Dedent();
        w.Open();
        w.Line("_ = " + m.PoolExpression + "; // read, so that the compiler adds no CS9113 (unread parameter) to the HOLON error");
        w.Line("throw new global::System.NotSupportedException(" + message + ");");
        w.Close();
    }

    private static void EmitStream(EmitContext context, MethodPlan plan)
    {
        var w = context.W;
        var m = plan.Method;
        string core = Code.Nested + "." + plan.Core!.Name;
        string source = m.LeaseParameter is { } lease ? context.Backend.LeaseOf(lease) : m.PoolExpression!;
        string token = m.TokenParameter ?? "default";
        // A command stream on the pool: the writer is rented when enumeration starts, on the enumerating flow.
        bool onWriter = m.Kind == SqlKind.Command && m.LeaseParameter is null && context.Backend.StreamsCommandsOnWriter;
        // The core's token is [EnumeratorCancellation]: this token and the enumerator's both cancel the enumeration.
        var arguments = CoreArguments(m, onWriter ? "__writer" : source, onWriter ? "__token" : token);
        // The declaration put [EnumeratorCancellation] on its token, which only an iterator may do: be one. Not on the
        // writer: an iterator would rent it on its own flow, hiding the reentrancy marker from the await foreach body.
        // StreamOnWriter joins both tokens itself, and EnumeratorCancellationSuppressor silences CS8424 there.
        bool iterator = !onWriter && m.Parameters.Any(p => p.HasEnumeratorCancellation);
        w.Open(Head(m, isAsync: iterator), Parameters(m));
        string result = iterator ? "var __items = " : "return ";
        if (onWriter)
        {
            w.Line(result + context.Backend.StreamOnWriter(source, m.Element!.TypeName) + "(");
            w.Indent();
            w.List("(__writer, __token) => " + core, arguments, ",");
            w.Line(token + ");");
            w.Dedent();
        }
        else
        {
            w.List(result + core, arguments, ";");
        }
        if (!iterator)
        {
            w.Close();
            return;
        }
        w.Open("await foreach (var __item in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(__items, false))");
        w.Line("yield return __item;");
        w.Close();
        w.Close();
    }

    private static void EmitCall(EmitContext context, MethodPlan plan)
    {
        var w = context.W;
        var m = plan.Method;
        var backend = context.Backend;
        var rent = EmitPlan.RentOf(m);
        bool isVoid = m.Shape == ResultShape.Void;
        string token = m.TokenParameter ?? "default";
        string core = Code.Nested + "." + plan.Core!.Name;
        string conversion = m.Shape == ResultShape.Array ? ".ToArray()" : "";
        string lease = m.LeaseParameter is { } parameter ? backend.LeaseOf(parameter) : "__lease";
        bool isAsync = m.Wrapper == ResultWrapper.Task && m.LeaseParameter is null;
        w.Open(Head(m, isAsync), Parameters(m));
        var call = CoreArguments(m, lease, token);
        switch (m.Wrapper)
        {
            case ResultWrapper.None:
                // A token parameter is honoured while waiting for the lease, as in the async forms.
                if (m.LeaseParameter is null) w.Line("using var __lease = " + backend.Rent(m.PoolExpression!, rent, async: false, m.TokenParameter) + ";");
                w.List((isVoid ? "" : "return ") + core, call, conversion + ";");
                break;
            case ResultWrapper.Task when m.LeaseParameter is null:
                w.Line("using var __lease = await " + backend.Rent(m.PoolExpression!, rent, async: true, token) + ".ConfigureAwait(false);");
                w.List((isVoid ? "" : "return ") + core, call, conversion + ";");
                break;
            case ResultWrapper.ValueTask when m.LeaseParameter is null:
                // Fast path: the pool had a free connection, so no async state machine is created.
                w.Line("var __rent = " + backend.Rent(m.PoolExpression!, rent, async: true, token) + ";");
                w.List("if (!__rent.IsCompletedSuccessfully) return " + Code.Nested + "." + plan.AfterRent!.Name, CoreArguments(m, "__rent", token), ";");
                w.Line("using var __lease = __rent.Result;");
                WrapResult(w, m, core, call, conversion);
                break;
            default:
                // On the caller's lease the body runs synchronously; its errors still arrive through the task.
                w.Open("try");
                WrapResult(w, m, core, call, conversion);
                w.Close();
                w.Open("catch (global::System.Exception __e)");
                string faulted = Code.Faulted + (isVoid ? "" : "<" + m.InnerTypeName + ">") + "(__e)";
                w.Line(m.Wrapper == ResultWrapper.Task ? "return " + faulted + ";" : "return new(" + faulted + ");");
                w.Close();
                break;
        }
        w.Close();
    }

    /// <summary>
    /// A Task or ValueTask method whose core awaits its steps (a backend with network I/O): rent (or wrap the caller's
    /// connection), await the core, return its result. Errors arrive through the task, as from any async method.
    /// </summary>
    private static void EmitAsyncCall(EmitContext context, MethodPlan plan)
    {
        var w = context.W;
        var m = plan.Method;
        var backend = context.Backend;
        string token = m.TokenParameter ?? "default";
        string core = Code.Nested + "." + plan.Core!.Name;
        string lease = m.LeaseParameter is { } parameter ? backend.LeaseOf(parameter) : "__lease";
        w.Open(Head(m, isAsync: true), Parameters(m));
        if (m.LeaseParameter is null)
        {
            w.Line(backend.Using(async: true) + "var __lease = await " + backend.Rent(m.PoolExpression!, EmitPlan.RentOf(m), async: true, token)
                + ".ConfigureAwait(false);");
        }
        var call = CoreArguments(m, lease, token);
        if (m.Shape == ResultShape.Void) w.List("await " + core, call, ".ConfigureAwait(false);");
        else if (m.Shape == ResultShape.Array) w.List("return (await " + core, call, ".ConfigureAwait(false)).ToArray();");
        else w.List("return await " + core, call, ".ConfigureAwait(false);");
        w.Close();
    }

    /// <summary>Runs the core and returns its result as a completed Task or ValueTask.</summary>
    private static void WrapResult(IndentedWriter w, MethodModel m, string core, List<string> call, string conversion)
    {
        if (m.Shape == ResultShape.Void)
        {
            w.List(core, call, ";");
            w.Line(m.Wrapper == ResultWrapper.Task ? "return " + Code.Tasks + "Task.CompletedTask;" : "return default;");
        }
        else if (m.Wrapper == ResultWrapper.Task)
        {
            w.List("return " + Code.Tasks + "Task.FromResult<" + m.InnerTypeName + ">(" + core, call, conversion + ");");
        }
        else
        {
            w.List("return new(" + core, call, conversion + ");");
        }
    }
}
