using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Holon.Gen.Emitting;

/// <summary>Source fragments every emitter part uses: literals and backend-neutral runtime names.</summary>
internal static class Code
{
    public const string Data = "global::Holon.Data.";
    public const string Definition = Data + "StatementDefinition";
    public const string Errors = Data + "Generated.GeneratedErrors.";
    public const string Faulted = Data + "Generated.GeneratedTasks.FromException";
    public const string Tasks = "global::System.Threading.Tasks.";
    public const string Token = "global::System.Threading.CancellationToken";
    public const string List = "global::System.Collections.Generic.List";
    public const string EnumeratorCancellation = "[global::System.Runtime.CompilerServices.EnumeratorCancellation] ";

    /// <summary>The class holding everything a user never calls; its attributes cover every member.</summary>
    public const string Nested = "__Holon";

    /// <summary>The version written into [GeneratedCode]: the generator assembly's.</summary>
    public static readonly string Version = typeof(Code).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    public static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    public static string StringArray(IEnumerable<string> items)
    {
        var list = items.Select(Literal).ToList();
        return list.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", list) + " }";
    }
}
