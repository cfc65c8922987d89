using System.Collections.Generic;
using System.Collections.Immutable;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen;

/// <summary>
/// Reports the generator's diagnostics at locations in the compilation's own syntax trees. The compiler applies
/// <c>.editorconfig</c> severities, <c>#pragma warning</c> and <c>[SuppressMessage]</c> only to a diagnostic whose location
/// belongs to one of its trees; a location re-created from a path and a span (all the equatable model can hold) is an
/// external file location, to which only project-wide options apply (<c>.globalconfig</c>, NoWarn, WarningsAsErrors).
/// So the model keeps plain <see cref="LocationInfo"/> values, cached like the rest, and this last step joins them back
/// to their trees. It reruns on every edit, but only looks trees up by path.
/// </summary>
internal static class DiagnosticOutput
{
    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<DiagnosticInfo> diagnostics) =>
        context.RegisterSourceOutput(diagnostics.Collect().Combine(context.CompilationProvider),
            static (spc, pair) => Report(spc, pair.Left, pair.Right));

    private static void Report(SourceProductionContext spc, ImmutableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        if (diagnostics.IsEmpty) return;
        Dictionary<string, SyntaxTree>? trees = null;
        foreach (var info in diagnostics)
        {
            var location = info.Location is { } where ? Locate(where, compilation, ref trees) : Location.None;
            spc.ReportDiagnostic(info.ToDiagnostic(location));
        }
    }

    /// <summary>The tree location when the path is one of the compilation's trees (a .sql file is not), else the path and span.</summary>
    private static Location Locate(LocationInfo where, Compilation compilation, ref Dictionary<string, SyntaxTree>? trees)
    {
        if (trees is null)
        {
            trees = new Dictionary<string, SyntaxTree>(System.StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!trees.ContainsKey(tree.FilePath)) trees.Add(tree.FilePath, tree);
            }
        }
        return trees.TryGetValue(where.FilePath, out var found) && where.Span.End <= found.Length
            ? Location.Create(found, where.Span)
            : where.ToLocation();
    }
}
