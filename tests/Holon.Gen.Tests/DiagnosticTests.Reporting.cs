using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>How diagnostics are reported: docs pages and release entries for every id, once per type or method, across partial files.</summary>
public sealed partial class DiagnosticTests
{
    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));

    [Fact]
    public void HOLON001_is_reported_once_for_a_type_with_several_methods()
    {
        var run = GeneratorHarness.Generate(Header + """
            public class Store(SqlitePool pool)
            {
                [Query("SELECT 1")]
                public partial long One();
                [Command("DELETE FROM t")]
                public partial int Clear();
            }
            """);
        Assert.Equal(["HOLON001"], run.GeneratorDiagnostics.Select(d => d.Id));
        // Throwing stubs only (no statements run), so the compiler has no CS8795 to add.
        var source = Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(source, "NotSupportedException").Count);
        Assert.DoesNotContain("new global::Holon.Data.StatementDefinition(", source);
    }

    [Fact]
    public void Methods_from_several_partial_files_share_one_generated_file_in_source_order()
    {
        var run = GeneratorHarness.Generate(
            Header + """
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT 2")]
                public partial long Two();
            }
            """,
            """
            namespace App;
            public partial class Store
            {
                [Holon.Data.Command("DELETE FROM t")]
                public partial int Clear();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var source = Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString();
        Assert.True(source.IndexOf("__Holon.Query1,", StringComparison.Ordinal) < source.IndexOf("__Holon.Command1,", StringComparison.Ordinal));
        Assert.True(source.IndexOf("Two(", StringComparison.Ordinal) < source.IndexOf("Clear(", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnostics_are_reported_once_per_method_and_other_methods_still_generate()
    {
        var run = GeneratorHarness.Generate(Header + """
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @id")]
                public partial Block? Broken(CancellationToken ct);
                [Query("SELECT id, content FROM blocks WHERE id = @id")]
                public partial Block? Fine(string id);
            }
            """);
        Assert.Equal(["HOLON004"], run.GeneratorDiagnostics.Select(d => d.Id));
        var source = Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString();
        Assert.Contains("partial global::App.Block? Fine(string id)", source);
        Assert.Contains("\"App.Store.Fine\",", source);    // the only definition names only Fine
        Assert.DoesNotContain("Query2", source);
        Assert.Contains("Broken(global::System.Threading.CancellationToken ct)", source);
        // the broken method gets a throwing stub, so its HOLON error is the only error
        Assert.Equal(["HOLON004"], run.Output.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Concat(run.GeneratorDiagnostics.Select(d => d.Id)));
    }
}
