using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// A [Watch] method is one call to <c>SqlitePool.Watch</c>: the runtime owns the refresh loop, the leases and the
    /// change tracking; the generated code only binds (from a tuple of the arguments, so both helpers are static and
    /// allocate no closure) and reads one emission.
    /// </summary>
    private static void EmitWatch(IndentedWriter w, MethodModel m, string stem, string statement)
    {
        var dataParams = m.Parameters.Where(p => p.Role is ParameterRole.Value or ParameterRole.Object).ToList();
        string argsType = dataParams.Count switch
        {
            0 => "object?",
            1 => dataParams[0].TypeName,
            // Unnamed: parameter names such as Rest, ToString or Item2 are not allowed as tuple element names.
            _ => "(" + string.Join(", ", dataParams.Select(p => p.TypeName)) + ")",
        };
        string argsValue = dataParams.Count switch
        {
            0 => "null",
            1 => dataParams[0].Name,
            _ => "(" + string.Join(", ", dataParams.Select(p => p.Name)) + ")",
        };
        string comparer = m.Shape == ResultShape.ReadOnlyList ? Data + "ListComparer<" + m.Element!.TypeName + ">.Default" : "null";
        string bind = m.Bindings.Count == 0 ? "null" : "__" + stem + "_Bind";

        var parameters = m.Parameters.Select(p => p.Prefix + p.TypeName + " " + p.Name);
        string head = (m.Modifiers.Length > 0 ? m.Modifiers + " " : "") + "partial " + m.ReturnTypeName;
        w.Open(head + " " + m.Name + "(" + string.Join(", ", parameters) + ")");
        w.Line("return " + m.PoolExpression + ".Watch<" + argsType + ", " + m.InnerTypeName + ">(" + statement + ", " + argsValue + ", "
            + bind + ", __" + stem + "_Read, " + comparer + ", " + (m.TokenParameter ?? "default") + ");");
        w.Close();

        if (m.Bindings.Count > 0)
        {
            w.Line();
            w.Open("private static void __" + stem + "_Bind(" + Data + "PreparedStatement __s, " + argsType + " __args)");
            if (dataParams.Count == 1) w.Line("var " + dataParams[0].Name + " = __args;");
            else w.Line("var (" + string.Join(", ", dataParams.Select(p => p.Name)) + ") = __args;");   // by position
            EmitBindings(w, m);
            w.Close();
        }

        w.Line();
        w.Open("private static " + m.InnerTypeName + " __" + stem + "_Read(" + Data + "PreparedStatement __s)");
        EmitExecution(w, m, statement);
        w.Close();
    }
}
