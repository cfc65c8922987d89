using System.Collections.Immutable;
using System.Reflection;
using Holon.Gen.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>Verification is keyed on (schema, statement), never on locations: what each edit re-verifies, and the bound on open schemas.</summary>
public sealed class SchemaVerificationIncrementalityTests
{
    private const string Store = """
        using System.Collections.Generic;
        using Holon.Data;
        [assembly: SqlFunction("not an identifier", 1)]
        namespace App;
        public sealed record Block(string Id, string Content);
        public sealed partial class Store(SqlitePool pool)
        {
            [Query("SELECT id, content FROM blocks WHERE id = @id")]
            public partial Block? Get(string id);
            [Query("SELECT id, content FROM blocks ORDER BY position")]
            public partial List<Block> All();
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int Delete(string id);
            [Query("SELECT nme FROM tags")]
            public partial List<string> Broken();
        }
        """;

    private const string Unrelated = "namespace App; public static class Helper { public static int Twice(int x) => x * 2; }";

    // Roslyn records a step only when the output it feeds produces something, so Store keeps one broken statement
    // (Broken: no such column) and one refused function declaration (HOLON208), and every step shows in each run.
    private static List<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

    private static bool Reused(IncrementalStepRunReason r) => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    [Fact]
    public void Every_schema_step_is_tracked()
    {
        var names = typeof(TrackingNames.SchemaSteps).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        var compilation = GeneratorHarness.Compile(Store);
        var driver = Driver(Schema).RunGeneratorsAndUpdateCompilation(compilation, out _, out _, TestContext.Current.CancellationToken);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var steps = result.TrackedSteps;
        Assert.All(names, n => Assert.True(steps.ContainsKey(n), n + " is not tracked; tracked: " + string.Join(", ", steps.Keys)));
    }

    [Fact]
    public void Editing_one_sql_reverifies_only_that_statement()
    {
        var compilation = GeneratorHarness.Compile(Store, Unrelated);
        var driver = Driver(Schema).RunGenerators(compilation, TestContext.Current.CancellationToken);
        Assert.Equal(4, Reasons(driver, TrackingNames.SchemaSteps.StatementVerification).Count);

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(
            Store.Replace("ORDER BY position", "ORDER BY titel"))));
        driver = driver.RunGenerators(edited, TestContext.Current.CancellationToken);

        var reasons = Reasons(driver, TrackingNames.SchemaSteps.StatementVerification);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(3, reasons.Count(Reused));
        Assert.All(Reasons(driver, TrackingNames.SchemaSteps.SchemaApplied), r => Assert.True(Reused(r), r.ToString()));
        var messages = driver.GetRunResult().Diagnostics.Where(x => x.Id == "HOLON200").Select(x => x.GetMessage()).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("no such column: titel", StringComparison.Ordinal));
    }

    [Fact]
    public void Editing_an_unrelated_file_verifies_nothing()
    {
        var compilation = GeneratorHarness.Compile(Store, Unrelated);
        var driver = Driver(Schema).RunGenerators(compilation, TestContext.Current.CancellationToken);
        var tree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(Unrelated.Replace("x * 2", "x + x"))));
        driver = driver.RunGenerators(edited, TestContext.Current.CancellationToken);

        foreach (var step in new[] { TrackingNames.SchemaSteps.Schema, TrackingNames.SchemaSteps.SchemaApplied,
                     TrackingNames.SchemaSteps.StatementVerification, TrackingNames.SchemaSteps.VerificationDiagnostics })
        {
            var reasons = Reasons(driver, step);
            Assert.All(reasons, r => Assert.True(Reused(r), step + ": " + r));
        }
        Assert.Equal(4, Reasons(driver, TrackingNames.SchemaSteps.StatementVerification).Count);
    }

    [Fact]
    public void Editing_a_migration_reverifies_every_statement_once()
    {
        var compilation = GeneratorHarness.Compile(Store, Unrelated);
        var driver = Driver(Schema).RunGenerators(compilation, TestContext.Current.CancellationToken);
        var changed = MigrationFiles(("0001_create.sql", Create.Replace("content TEXT NOT NULL", "body TEXT NOT NULL")));
        driver = driver.ReplaceAdditionalText(Schema[0], changed[0]).RunGenerators(compilation, TestContext.Current.CancellationToken);

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(driver, TrackingNames.SchemaSteps.SchemaApplied));
        var reasons = Reasons(driver, TrackingNames.SchemaSteps.StatementVerification);
        Assert.Equal(4, reasons.Count);
        // Every statement ran again (Modified, or Unchanged when its findings stayed the same); none came from the cache.
        Assert.All(reasons, r => Assert.NotEqual(IncrementalStepRunReason.Cached, r));
        // The two queries read 'content', which the schema no longer has; Broken stays broken.
        Assert.Equal(3, driver.GetRunResult().Diagnostics.Count(x => x.Id == "HOLON200"));
    }

    [Fact]
    public void Open_schemas_stay_bounded()
    {
        for (int i = 0; i < SchemaCache.Capacity + 3; i++)
        {
            Run("""
                public sealed partial class Store(SqlitePool pool)
                {
                    [Query("SELECT id, content FROM blocks")]
                    public partial List<Block> All();
                }
                """, MigrationFiles(("0001_create.sql", Create + "\n-- variant " + i)));
        }
        Assert.True(SchemaCache.Count <= SchemaCache.Capacity, SchemaCache.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
