using System.Collections.Immutable;
using Holon.Data;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Holon.Gen.Tests;

/// <summary>Runs <see cref="HolonGenerator"/> over source text with CSharpGeneratorDriver.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Everything the test process itself runs on: the .NET 10 framework, Holon.Data and Microsoft.Data.Sqlite.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToHashSet();
        paths.Add(typeof(SqlitePool).Assembly.Location);
        paths.Add(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location);
        paths.Add(typeof(Npgsql.NpgsqlDataSource).Assembly.Location);
        paths.Add(typeof(Holon.Data.Npgsql.NpgsqlLease).Assembly.Location);
        return paths.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new HolonGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <param name="ExpectedPath">The file holding the <c>[|...|]</c> markup, if any source had it.</param>
    /// <param name="ExpectedSpan">The marked span, with the markers removed.</param>
    public sealed record Run(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics,
        string? ExpectedPath = null, Microsoft.CodeAnalysis.Text.TextSpan? ExpectedSpan = null);

    /// <summary>The generated store files, without the project-wide HolonCatalog.</summary>
    public static IReadOnlyList<Microsoft.CodeAnalysis.SyntaxTree> StoreTrees(GeneratorDriverRunResult result) =>
        result.GeneratedTrees.Where(t => !t.FilePath.EndsWith("HolonCatalog.g.cs", StringComparison.Ordinal)).ToList();

    /// <summary>The generated store sources, without the project-wide HolonCatalog.</summary>
    public static IReadOnlyList<GeneratedSourceResult> StoreSources(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.Where(s => s.HintName != "HolonCatalog.g.cs").ToList();

    /// <summary>Runs the generator; a source may mark one span with <c>[|...|]</c>, which is removed and reported in the run.</summary>
    public static Run Generate(params string[] sources)
    {
        string? path = null;
        Microsoft.CodeAnalysis.Text.TextSpan? span = null;
        for (int i = 0; i < sources.Length; i++)
        {
            int start = sources[i].IndexOf("[|", StringComparison.Ordinal);
            if (start < 0) continue;
            int end = sources[i].IndexOf("|]", start, StringComparison.Ordinal);
            Assert.True(end > start && path is null, "one [|...|] span, closed");
            path = $"Source{i}.cs";
            span = new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start - 2);
            sources[i] = sources[i].Remove(end, 2).Remove(start, 2);
        }
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics,
            TestContext.Current.CancellationToken);
        return new Run(driver.GetRunResult(), output, diagnostics, path, span);
    }

    /// <summary>Warnings and errors of the compilation including the generated code.</summary>
    public static List<Diagnostic> CompileProblems(Compilation output) =>
        output.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
}
