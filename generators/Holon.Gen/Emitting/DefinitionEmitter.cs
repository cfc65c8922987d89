using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>Writes the <c>StatementDefinition</c> fields and the type's <c>HolonStatements</c> list.</summary>
internal static class DefinitionEmitter
{
    public static void EmitStatementsList(EmitContext context, bool hidesInherited)
    {
        var w = context.W;
        w.Line("/// <summary>Every SQL statement this type declares, for checking them against a schema.</summary>");
        w.Line("public " + (hidesInherited ? "new " : "") + "static global::System.Collections.Generic.IReadOnlyList<" + Code.Definition + ">");
        w.Indent();
        w.Line("HolonStatements { get; } = new " + Code.Definition + "[]");
        w.Open();
        w.Packed(context.Plan.Definitions.Select(d => Code.Nested + "." + d.Name + ",").ToList());
        w.Close(";");
        w.Dedent();
    }

    /// <param name="withResultShape">Declare the members receiving columns, for <c>SqlitePool.Verify</c> (listed statements only).</param>
    public static void Emit(EmitContext context, DefinitionPlan definition, bool withResultShape)
    {
        var w = context.W;
        var m = definition.First;
        // The SQL as declared, before its IN-lists were rewritten into the SQL that runs.
        if (m.DeclaredSql is { } declared) w.Line("// declared: " + declared.Replace('\r', ' ').Replace('\n', ' '));
        w.Line("internal static readonly " + Code.Definition + " " + definition.Name + " = new(");
        w.Indent();
        LongLiteral(w, m.Sql, ",");
        w.Line(Code.Data + "StatementKind." + m.Kind + ",");
        StringArray(w, m.SqlParameterNames);
        StringArray(w, EmitPlan.ResultMembers(m));
        // A shared definition names all its methods; each use passes its own, so errors point at the caller.
        if (!withResultShape)
        {
            LongLiteral(w, string.Join(", ", definition.Origins), ");");
            w.Dedent();
            return;
        }
        LongLiteral(w, string.Join(", ", definition.Origins), ",");
        ResultShape(w, m, context.Backend.DefinitionBackend);
        w.Dedent();
    }

    /// <summary>The members that receive columns, so that <c>SqlitePool.Verify</c> checks what the build checks.</summary>
    /// <param name="backend">The <c>StatementBackend</c> member to pass, for a backend other than SQLite (the default).</param>
    private static void ResultShape(IndentedWriter w, MethodModel m, string? backend)
    {
        var members = Verification.StatementMapping.Members(m).ToList();
        string end = backend is null ? ");" : ",";
        if (members.Count == 0)
        {
            w.Line("global::System.Array.Empty<" + Code.Data + "ResultMemberInfo>()" + end);
            if (backend is not null) w.Line(Code.Data + "StatementBackend." + backend + ");");
            return;
        }
        w.Line("new " + Code.Data + "ResultMemberInfo[]");
        w.Open();
        foreach (var x in members)
        {
            // An array member (PostgreSQL) is its element kind and "[]", so the runtime check knows it reads an array column.
            string kind = x.Kind + (x.IsCollection ? "[]" : "");
            w.Line("new(" + Code.Literal(x.Name) + ", " + Code.Literal(x.TypeName) + ", " + Code.Literal(kind) + ", "
                + Bool(x.IsNullable) + ", " + Bool(x.IsRequired) + "),");
        }
        w.Close(end);
        if (backend is not null) w.Line(Code.Data + "StatementBackend." + backend + ");");
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static void StringArray(IndentedWriter w, IEnumerable<string> items)
    {
        var list = items.ToList();
        string one = Code.StringArray(list) + ",";
        if (w.Fits(one))
        {
            w.Line(one);
            return;
        }
        w.Line("new string[]");
        w.Open();
        w.Packed(list.Select(item => Code.Literal(item) + ",").ToList());
        w.Close(",");
    }

    /// <summary>A string literal, split into concatenated pieces at line ends and spaces when it would make a long line.</summary>
    internal static void LongLiteral(IndentedWriter w, string text, string tail)
    {
        var pieces = w.Fits(Code.Literal(text) + tail) ? new List<string> { text } : Pieces(text);
        for (int i = 0; i < pieces.Count; i++)
            w.Line((i == 0 ? "" : "+ ") + Code.Literal(pieces[i]) + (i + 1 == pieces.Count ? tail : ""));
    }

    private static List<string> Pieces(string text)
    {
        const int Width = 90;
        var pieces = new List<string>();
        int start = 0;
        while (text.Length - start > Width)
        {
            int newline = text.IndexOf('\n', start, Width);
            int end = newline >= 0 ? newline + 1 : text.LastIndexOf(' ', start + Width, Width) + 1;
            if (end <= start) end = start + Width;
            pieces.Add(text.Substring(start, end - start));
            start = end;
        }
        pieces.Add(text.Substring(start));
        return pieces.Where(p => p.Length > 0 || pieces.Count == 1).ToList();
    }
}
