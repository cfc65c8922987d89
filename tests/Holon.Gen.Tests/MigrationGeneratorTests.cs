using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Holon.Data;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Holon.Gen.Tests;

/// <summary>HolonMigrations from Migrations/*.sql additional files, and the HOLON020–023 diagnostics.</summary>
public sealed class MigrationGeneratorTests
{
    private const string Project = "/src/App";

    /// <summary>The migrations steps; IncrementalityTests leaves these to <see cref="EditingCSharp_DoesNotRebuildTheMigrations"/>.</summary>
    internal static readonly string[] TrackedSteps = [TrackingNames.MigrationSettings, TrackingNames.MigrationFiles, TrackingNames.MigrationSet];

    private static GeneratorDriver Driver(IEnumerable<AdditionalText> files, Dictionary<string, string> properties) =>
        CSharpGeneratorDriver.Create(
            [new HolonGenerator().AsSourceGenerator()],
            additionalTexts: [.. files],
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: new Options(properties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static Dictionary<string, string> Props(string? rootNamespace = "App", string? directory = null)
    {
        var p = new Dictionary<string, string> { ["build_property.MSBuildProjectDirectory"] = Project };
        if (rootNamespace is not null) p["build_property.RootNamespace"] = rootNamespace;
        if (directory is not null) p["build_property.HolonMigrationsDirectory"] = directory;
        return p;
    }

    private static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriver Driver) Run(
        Dictionary<string, string> properties, params (string Path, string Text)[] files)
    {
        var compilation = GeneratorHarness.Compile("namespace App; public static class Marker { }");
        var driver = Driver(files.Select(f => (AdditionalText)new Text(f.Path, f.Text)), properties)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, TestContext.Current.CancellationToken);
        return (output, diagnostics, driver);
    }

    private static string? Generated(Compilation output) =>
        output.SyntaxTrees.FirstOrDefault(t => t.FilePath.EndsWith("HolonMigrations.g.cs", StringComparison.Ordinal))?.ToString();

    [Fact]
    public void ValidFiles_BecomeHolonMigrationsAll_InVersionOrder_InTheRootNamespace()
    {
        var (output, diagnostics, _) = Run(Props(),
            ($"{Project}/Migrations/0010_add_index.sql", "CREATE INDEX b_parent ON b(parent);"),
            ($"{Project}/Migrations/0002_add_tags.sql", "ALTER TABLE b ADD COLUMN tag TEXT;\r\n-- \"quoted\" comment\r\n"),
            ($"{Project}/Migrations/0001_create_b.sql", "CREATE TABLE b(id INTEGER PRIMARY KEY, parent INT);"),
            ($"{Project}/Other/0003_not_a_migration.sql", "SELECT 1;"),
            ($"{Project}/Migrations/readme.txt", "not sql"));

        // 0010 after 0002: a gap (3..9) is reported, but the file still compiles into the list.
        Assert.Equal(["HOLON023"], diagnostics.Select(d => d.Id));
        Assert.Empty(GeneratorHarness.CompileProblems(output));
        string text = Generated(output)!;
        Assert.Contains("namespace App;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not_a_migration", text, StringComparison.Ordinal);

        var all = Load(output, "App.HolonMigrations");
        Assert.Equal([1, 2, 10], all.Select(m => m.Version));
        Assert.Equal(["create_b", "add_tags", "add_index"], all.Select(m => m.Name));
        Assert.Equal("ALTER TABLE b ADD COLUMN tag TEXT;\n-- \"quoted\" comment\n", all[1].Sql);
        Assert.Equal(Migration.ComputeChecksum("ALTER TABLE b ADD COLUMN tag TEXT;\r\n-- \"quoted\" comment\r\n"), all[1].Checksum);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length < 140, line));
    }

    [Fact]
    public void NoRootNamespace_GivesTheGlobalNamespace()
    {
        var (output, diagnostics, _) = Run(Props(rootNamespace: null), ($"{Project}/Migrations/0001_a.sql", "CREATE TABLE a(x);"));
        Assert.Empty(diagnostics);
        Assert.DoesNotContain("namespace", Generated(output)!, StringComparison.Ordinal);
        Assert.Equal([1], Load(output, "HolonMigrations").Select(m => m.Version));
    }

    [Fact]
    public void HolonMigrationsDirectory_MovesTheFolder()
    {
        var (output, _, _) = Run(Props(directory: "db/schema"),
            ($"{Project}/db/schema/0001_a.sql", "CREATE TABLE a(x);"),
            ($"{Project}/Migrations/0001_ignored.sql", "CREATE TABLE ignored(x);"));
        var all = Load(output, "App.HolonMigrations");
        Assert.Equal("a", Assert.Single(all).Name);
    }

    [Fact]
    public void NoMigrationFiles_GenerateNothing()
    {
        var (output, diagnostics, _) = Run(Props(), ($"{Project}/Other/0001_a.sql", "CREATE TABLE a(x);"));
        Assert.Empty(diagnostics);
        Assert.Null(Generated(output));
    }

    [Theory]
    [InlineData("create_blocks.sql")]
    [InlineData("0001-create_blocks.sql")]
    [InlineData("0000_zero.sql")]
    [InlineData("0001_.sql")]
    [InlineData("v1_create.sql")]
    [InlineData("99999999999_too_big.sql")]
    public void BadFileName_IsHolon020_NamingTheFile(string fileName)
    {
        string path = $"{Project}/Migrations/{fileName}";
        var (output, diagnostics, _) = Run(Props(), ($"{Project}/Migrations/0001_ok.sql", "CREATE TABLE a(x);"), (path, "CREATE TABLE b(x);"));
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON020", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(path, d.Location.GetLineSpan().Path);
        Assert.Contains($"'{fileName}'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith("docs/HOLON020.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Single(Load(output, "App.HolonMigrations")); // the good file still compiles
    }

    [Fact]
    public void DuplicateVersion_IsHolon021_NamingBothFiles()
    {
        var (_, diagnostics, _) = Run(Props(),
            ($"{Project}/Migrations/0001_create_a.sql", "CREATE TABLE a(x);"),
            ($"{Project}/Migrations/1_create_b.sql", "CREATE TABLE b(x);"));
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON021", d.Id);
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'0001_create_a.sql'", message, StringComparison.Ordinal);
        Assert.Contains("'1_create_b.sql'", message, StringComparison.Ordinal);
        Assert.Contains("version 1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\r\n")]
    [InlineData("-- nothing yet\n/* later */ ;")]
    public void EmptyFile_IsHolon022(string text)
    {
        string path = $"{Project}/Migrations/0001_empty.sql";
        var (output, diagnostics, _) = Run(Props(), (path, text));
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON022", d.Id);
        Assert.Equal(path, d.Location.GetLineSpan().Path);
        Assert.Contains("'0001_empty.sql'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Null(Generated(output));
    }

    [Fact]
    public void EditingCSharp_DoesNotRebuildTheMigrations()
    {
        var (_, _, driver) = Run(Props(), ($"{Project}/Migrations/0001_a.sql", "CREATE TABLE a(x);"));
        var next = GeneratorHarness.Compile("namespace App; public static class Marker { public static int X; }");
        driver = driver.RunGenerators(next, TestContext.Current.CancellationToken);
        var steps = driver.GetRunResult().Results[0].TrackedSteps;
        foreach (var name in TrackedSteps)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            Assert.All(steps[name].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }

    private static IReadOnlyList<Migration> Load(Compilation output, string typeName)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var context = new AssemblyLoadContext("migrations-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        context.Resolving += (_, name) => name.Name == typeof(Migration).Assembly.GetName().Name ? typeof(Migration).Assembly : null;
        stream.Position = 0;
        var assembly = context.LoadFromStream(stream);
        var type = assembly.GetType(typeName, throwOnError: true)!;
        var property = type.GetProperty("All", BindingFlags.Public | BindingFlags.Static)!;
        return (IReadOnlyList<Migration>)property.GetValue(null)!;
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(Dictionary<string, string> globals) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(globals);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values([]);

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }
}
