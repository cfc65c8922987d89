using Holon.Gen.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Holon.Gen.Tests;

/// <summary>
/// Runs the generator with migrations as AdditionalFiles and the native SQLite this test process ships in runtimes/
/// (the same e_sqlite3 the package carries), for the schema verification tests (HOLON2xx).
/// </summary>
internal static class SchemaHarness
{
    internal const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        namespace App;
        public sealed record Block(string Id, string Content);

        """;

    internal const string Create = """
        -- blocks and their tags
        CREATE TABLE blocks (
            id TEXT PRIMARY KEY NOT NULL,
            content TEXT NOT NULL,
            parent_id TEXT,
            position INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        """;

    internal const string AddTags = """
        CREATE TABLE tags (block_id TEXT NOT NULL, tag TEXT NOT NULL);
        CREATE INDEX tags_by_block ON tags (block_id);
        """;

    internal static readonly string Native = AppContext.BaseDirectory;

    private sealed class Options(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values([]);
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    internal static string MigrationPath(string name) => Path.Combine("/project", "Migrations", name);

    internal static AdditionalText[] MigrationFiles(params (string Name, string Text)[] files) =>
        files.Select(f => (AdditionalText)new Text(MigrationPath(f.Name), f.Text)).ToArray();

    internal static readonly AdditionalText[] Schema = MigrationFiles(("0001_create.sql", Create), ("0002_tags.sql", AddTags));

    /// <param name="properties">More MSBuild properties, by name without the <c>build_property.</c> prefix.</param>
    internal static GeneratorDriver Driver(AdditionalText[] texts, string? native = null, Dictionary<string, string>? properties = null)
    {
        var global = new Dictionary<string, string> { ["build_property.HolonSqliteNativeDirectory"] = native ?? Native };
        foreach (var (name, value) in properties ?? []) global["build_property." + name] = value;
        return CSharpGeneratorDriver.Create(
            [new HolonGenerator().AsSourceGenerator()], texts, GeneratorHarness.ParseOptions, new Options(global),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs with the schema; the body may mark one span with [|...|]. Returns the schema diagnostics and the marked span.</summary>
    internal static (List<Diagnostic> Diagnostics, TextSpan? Span) Run(string body, AdditionalText[]? texts = null, string prefix = "HOLON2",
        Dictionary<string, string>? properties = null)
    {
        // Assembly attributes lead the body's first lines; they must precede the namespace declaration.
        var lines = body.Split('\n');
        int leading = lines.TakeWhile(l => l.StartsWith("[assembly:", StringComparison.Ordinal)).Count();
        string source = leading == 0 ? Header + body
            : Header.Replace("namespace App;", string.Join("\n", lines.Take(leading)) + "\nnamespace App;", StringComparison.Ordinal)
              + string.Join("\n", lines.Skip(leading));
        TextSpan? span = null;
        int start = source.IndexOf("[|", StringComparison.Ordinal);
        if (start >= 0)
        {
            int end = source.IndexOf("|]", start, StringComparison.Ordinal);
            span = new TextSpan(start, end - start - 2);
            source = source.Remove(end, 2).Remove(start, 2);
        }
        var driver = Driver(texts ?? Schema, properties: properties).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out _, out var diagnostics,
            TestContext.Current.CancellationToken);
        Assert.Empty(driver.GetRunResult().Results.Single().Exception is { } e ? [e] : Array.Empty<Exception>());
        return (diagnostics.Where(d => d.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList(), span);
    }

    internal static Diagnostic Single(string body, string id, DiagnosticSeverity severity)
    {
        var (diagnostics, span) = Run(body);
        var d = Assert.Single(diagnostics);
        Assert.True(d.Id == id, d.ToString());
        Assert.Equal(severity, d.Severity);
        Assert.Equal("Source0.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(span, d.Location.SourceSpan);
        Assert.EndsWith(id + ".md", d.Descriptor.HelpLinkUri);
        return d;
    }
}
