using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// Writes a bulk [Command]'s core: one savepoint around the whole batch (a transaction of its own on a lease without
/// one, nested in the caller's otherwise), then for each element the statement bound from its members, stepped and
/// counted. An element that fails is rethrown with the method, the SQL and its index, and the savepoint's disposal
/// rolls every earlier element back. Nothing is allocated per element: the loop binds straight from its members.
/// One span covers the batch, with <c>db.operation.batch.size</c>.
/// </summary>
internal static class BulkEmitter
{
    public static void Emit(EmitContext context, CorePlan core)
    {
        var w = context.W;
        var backend = context.Backend;
        var m = core.Sample;
        var bulk = m.Bulk!;
        bool async = core.Async;
        string definition = Code.Nested + "." + core.Definition.Name;
        var parameters = new List<string> { backend.LeaseType + " __lease" };
        parameters.AddRange(EmitPlan.DataParameters(m).Select(p => p.TypeName + " " + p.Name));
        parameters.Add("string __origin");
        parameters.Add(Code.Token + " __ct");
        string modifiers = async ? "internal static async " : "internal static ";
        w.Open(modifiers + CoreEmitter.ReturnType(core) + " " + core.Name, parameters);
        w.Line("global::System.ArgumentNullException.ThrowIfNull(" + bulk.Parameter + ");");
        // One span for the whole batch; the filter records the failure (the element's wrapped error) without catching it.
        string? startSpan = backend.StartSpan("__lease", definition, "__origin");
        if (startSpan is not null)
        {
            w.Line("using var " + BodyEmitter.Span + " = " + startSpan + ";");
            w.Open("try");
        }
        w.Line(backend.Using(async) + "var " + BodyEmitter.Savepoint + " = " + backend.BeginSavepoint("__lease", async, "__ct") + ";");
        bool counts = core.Shape == CoreShape.RowsAffected;
        if (counts) w.Line("int __total = 0;");
        w.Line("int __index = 0;");
        if (bulk.IsAsync)
        {
            w.Line("var __rows = " + Code.Tasks + "TaskAsyncEnumerableExtensions.WithCancellation(" + bulk.Parameter + ", __ct);");
            w.Open("await foreach (var " + BulkSource.Element + " in __rows.ConfigureAwait(false))");
        }
        else
        {
            w.Open("foreach (var " + BulkSource.Element + " in " + bulk.Parameter + ")");
        }
        w.Line("__ct.ThrowIfCancellationRequested();");
        w.Open("try");
        if (bulk.IsReferenceType)
        {
            w.Line("if (" + BulkSource.Element + " is null)");
            w.Indent().Line("throw " + Code.Data + "Generated.GeneratedBulk.NullElement(" + Code.Literal(bulk.Parameter.TrimStart('@'))
                + ", __index, __origin);").Dedent();
        }
        w.Line(backend.Using(async) + "var " + BodyEmitter.S + " = " + backend.Statement("__lease", definition, "__origin", "__ct") + ";");
        BodyEmitter.Bindings(context, m, "__origin");
        w.Line("while (" + backend.Step(BodyEmitter.S, async) + ") { }");
        if (counts) w.Line("__total += " + backend.RowsAffected(BodyEmitter.S, async) + ";");
        w.Close();
        // Cancellation stays an OperationCanceledException; the savepoint still rolls the batch back.
        w.Open("catch (global::System.Exception __e) when (__e is not global::System.OperationCanceledException)");
        w.Line("throw " + Code.Data + "Generated.GeneratedBulk.Failed(__origin, " + definition + ".Sql, __index, __e);");
        w.Close();
        w.Line("__index++;");
        w.Close();
        w.Line(backend.CommitSavepoint(BodyEmitter.Savepoint, async, "__ct") + ";");
        if (startSpan is not null) w.Line(BodyEmitter.Span + ".SetBatchSize(__index);");
        if (counts) w.Line("return __total;");
        if (startSpan is not null)
        {
            w.Close();
            w.Open("catch (global::System.Exception __e) when (" + BodyEmitter.Span + ".Fail(__e))");
            w.Line("throw;");
            w.Close();
        }
        w.Close();
    }
}
