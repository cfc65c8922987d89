using System.Collections.Generic;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// The statements inside a core or watch helper: binding the arguments, then stepping and reading the rows for one
/// result shape. The statement in use is <c>__s</c>; <c>origin</c> is C# source for the calling method's name.
/// </summary>
internal static class BodyEmitter
{
    public const string S = "__s";

    /// <summary>The call's trace span, when the core has one.</summary>
    public const string Span = "__span";

    /// <summary>The savepoint a command with a violable result shape runs in.</summary>
    public const string Savepoint = "__savepoint";

    /// <summary>
    /// A [Command] with a single-row shape (<c>T</c>, <c>T?</c>, a scalar) has RETURNING and may change several rows
    /// before the second row shows the shape is violated: it runs in a savepoint rolled back before the error.
    /// </summary>
    public static bool NeedsSavepoint(CoreShape shape, MethodModel m)
        => m.Kind == SqlKind.Command && shape is CoreShape.Single or CoreShape.FirstOrDefault;

    public static void Bindings(EmitContext context, MethodModel m, string origin)
    {
        var w = context.W;
        var backend = context.Backend;
        // The object whose members are bound must be there; say so before the first member read.
        foreach (var p in m.Parameters)
        {
            if (p.Role == ParameterRole.Object && p.IsReferenceType)
                w.Line("global::System.ArgumentNullException.ThrowIfNull(" + p.Name + ");");
        }
        foreach (var b in m.Bindings)
        {
            if (b.InList is { } list)
            {
                InListEmitter.Bind(context, b, list, origin);
                continue;
            }
            if (b.Type.IsModelReference && !b.Type.IsNullable)
            {
                // Declared non-nullable: null is a caller bug, never a silent SQL NULL.
                var error = new List<string> { Code.Literal(b.ParameterName), Code.Literal(b.Expression), Code.Literal(b.SqlName), origin };
                w.List("if (" + b.Expression + " is null) throw " + Code.Errors + "NullArgument", error, ";");
                w.Line(Bind(backend, b, b.Expression, origin) + ";");
            }
            else if (b.Type.IsNullable || b.Type.IsModelReference)
            {
                string v = "__v" + b.Slot;
                w.Line("if (" + b.Expression + " is { } " + v + ") " + Bind(backend, b, v, origin) + ";");
                w.Line("else " + ValueEmitter.BindNull(backend, S, b.Type, b.Slot) + ";");
            }
            else
            {
                w.Line(Bind(backend, b, b.Expression, origin) + ";");
            }
        }
    }

    private static string Bind(Backend.BackendEmitter backend, BindingModel b, string value, string origin) =>
        ValueEmitter.Bind(backend, S, b.Type, b.Slot, value, b.Expression, b.SqlName, origin);

    /// <summary>
    /// Steps and reads for <paramref name="shape"/>; ends in a return (or, for streams, yields). With a
    /// <paramref name="span"/>, the rows handed back are recorded on it before the return.
    /// </summary>
    public static void Rows(EmitContext context, CoreShape shape, MethodModel m, ReaderPlan? reader, string definition,
        string origin, string listType, string? span = null, bool async = false)
    {
        var w = context.W;
        var backend = context.Backend;
        var element = m.Element;
        string step = backend.Step(S, async);
        if (NeedsSavepoint(shape, m))
        {
            GuardedSingleRow(context, shape == CoreShape.FirstOrDefault, element!, reader, definition, origin, span, async);
            return;
        }
        switch (shape)
        {
            case CoreShape.Execute:
                w.Line("while (" + step + ") { }");
                Returned(w, span, "0");
                break;
            case CoreShape.RowsAffected:
                w.Line("while (" + step + ") { }");
                Returned(w, span, "0");
                w.Line("return " + backend.RowsAffected(S, async) + ";");
                break;
            case CoreShape.FirstOrDefault when reader is null && span is not null:
                w.Line("bool __row = " + step + ";");
                Returned(w, span, "__row ? 1 : 0");
                w.Line("if (!__row) return default;");
                w.Line("return " + ReadItem(context, element!, null, origin) + ";");
                break;
            case CoreShape.FirstOrDefault when reader is null:
                w.Line("if (!" + step + ") return default;");
                w.Line("return " + ReadItem(context, element!, null, origin) + ";");
                break;
            case CoreShape.FirstOrDefault:
                FirstStep(context, reader!, origin, async);
                Returned(w, span, "__row ? 1 : 0");
                w.Line("if (!__row) return default;");
                w.Line("return __reader.Read(" + S + ");");
                break;
            case CoreShape.Single:
                w.Line("if (!" + step + ") throw " + Code.Errors + "NoRow(" + origin + ", " + definition + ".Sql);");
                w.Line("var __item = " + ReadItem(context, element!, reader, origin) + ";");
                w.Line("if (" + step + ") throw " + Code.Errors + "MoreThanOneRow(" + origin + ", " + definition + ".Sql);");
                Returned(w, span, "1");
                w.Line("return __item;");
                break;
            case CoreShape.List:
                w.Line("var __list = new " + Code.List + "<" + listType + ">();");
                EveryRow(context, element!, reader, origin, "__list.Add(", ");", null, async);
                Returned(w, span, "__list.Count");
                w.Line("return __list;");
                break;
            case CoreShape.Stream:
                if (span is not null) w.Line("int __rows = 0;");
                EveryRow(context, element!, reader, origin, "yield return ", ";", span is null ? null : "__rows++;", async);
                Returned(w, span, "__rows");
                break;
        }
    }

    private static void Returned(IndentedWriter w, string? span, string rows)
    {
        if (span is not null) w.Line(span + ".SetReturnedRows(" + rows + ");");
    }

    /// <summary>
    /// A command's single-row shape: <c>T</c> wants exactly one row, <c>T?</c> at most one. A second row means the
    /// statement already changed more than it should: the savepoint is left open, so disposing it rolls back.
    /// </summary>
    private static void GuardedSingleRow(EmitContext context, bool allowsNone, ElementModel element, ReaderPlan? reader,
        string definition, string origin, string? span, bool async)
    {
        var w = context.W;
        string step = context.Backend.Step(S, async);
        string release = context.Backend.CommitSavepoint(Savepoint, async, "__ct") + ";";
        if (!allowsNone)
        {
            w.Line("if (!" + step + ") throw " + Code.Errors + "NoRow(" + origin + ", " + definition + ".Sql);");
            w.Line("var __item = " + ReadItem(context, element, reader, origin) + ";");
        }
        else if (reader is null)
        {
            w.Open("if (!" + step + ")");
            w.Line(release);
            Returned(w, span, "0");
            w.Line("return default;");
            w.Close();
            w.Line("var __item = " + ReadItem(context, element, null, origin) + ";");
        }
        else
        {
            FirstStep(context, reader, origin, async);
            w.Open("if (!__row)");
            w.Line(release);
            Returned(w, span, "0");
            w.Line("return default;");
            w.Close();
            w.Line("var __item = __reader.Read(" + S + ");");
        }
        string allows = allowsNone ? "true" : "false";
        w.Line("if (" + step + ")");
        w.Indent().Line("throw " + Code.Errors + "MoreThanOneRowRolledBack(" + origin + ", " + definition + ".Sql, " + allows + ");").Dedent();
        w.Line(release);
        Returned(w, span, "1");
        w.Line("return __item;");
    }

    /// <summary>Columns resolved after the first step, then each row; an empty result still checks the mapping.</summary>
    private static void EveryRow(EmitContext context, ElementModel element, ReaderPlan? reader, string origin, string sinkHead,
        string sinkTail, string? perRow, bool async)
    {
        var w = context.W;
        string step = context.Backend.Step(S, async);
        if (reader is null)
        {
            w.Open("while (" + step + ")");
            w.Line(sinkHead + ValueEmitter.Read(context.Backend, S, element.Scalar!, "0", "result") + sinkTail);
            if (perRow is not null) w.Line(perRow);
            w.Close();
            return;
        }
        FirstStep(context, reader, origin, async);
        w.Open("while (__row)");
        w.Line(sinkHead + "__reader.Read(" + S + ")" + sinkTail);
        if (perRow is not null) w.Line(perRow);
        w.Line("__row = " + step + ";");
        w.Close();
    }

    /// <summary>
    /// The reader resolves the columns after the first step, row or not: SQLite re-prepares a statement whose schema
    /// changed inside Step, and an empty result must still prove that every required member has a column.
    /// </summary>
    private static void FirstStep(EmitContext context, ReaderPlan reader, string origin, bool async)
    {
        context.W.Line("bool __row = " + context.Backend.Step(S, async) + ";");
        context.W.Line("var __reader = " + NewReader(reader, origin) + ";");
    }

    private static string NewReader(ReaderPlan reader, string origin) =>
        "new " + reader.Name + "(" + S + (reader.Element.Kind == ElementKind.Tuple ? ", " + origin : "") + ")";

    private static string ReadItem(EmitContext context, ElementModel element, ReaderPlan? reader, string origin) =>
        reader is null ? ValueEmitter.Read(context.Backend, S, element.Scalar!, "0", "result") : NewReader(reader, origin) + ".Read(" + S + ")";
}
