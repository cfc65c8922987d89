using System.Reflection;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Holon.Gen.Tests;

public sealed class IncrementalityTests
{
    private const string Store = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        namespace App;
        public sealed record Block(string Id, string Content);
        public sealed partial class Store(SqlitePool pool)
        {
            [Query("SELECT id, content FROM blocks WHERE id = @id")]
            public partial ValueTask<Block?> Get(string id, CancellationToken ct = default);
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int Delete(string id);
            [Query("SELECT id, content FROM blocks WHERE id = @id")]
            public partial Block? Broken(string key);
            [Watch("SELECT count(*) FROM blocks")]
            public partial IAsyncEnumerable<long> Count(CancellationToken ct = default);
        }
        """;

    private const string Unrelated = "namespace App; public static class Helper { public static int Twice(int x) => x * 2; }";

    private static readonly string[] TrackedSteps =
    [
        TrackingNames.QueryMethods, TrackingNames.CommandMethods, TrackingNames.WatchMethods,
        TrackingNames.CollectedQueries, TrackingNames.CollectedCommands, TrackingNames.CollectedWatches,
        TrackingNames.QueriesAndCommands, TrackingNames.AllCombined, TrackingNames.AllMethods, TrackingNames.Classes, TrackingNames.Diagnostics,
        TrackingNames.CatalogNamespace, TrackingNames.CatalogEntries, TrackingNames.Catalog,
    ];

    [Fact]
    public void Every_tracking_name_is_checked()
    {
        var all = typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)
            .Except(MigrationGeneratorTests.TrackedSteps); // checked in MigrationGeneratorTests (they need additional files)
        Assert.Equal(all.Order(StringComparer.Ordinal), TrackedSteps.Order(StringComparer.Ordinal));
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compile(Store, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken);
        return (driver, compilation);
    }

    private static Dictionary<string, List<IncrementalStepRunReason>> Reasons(GeneratorDriver driver)
    {
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        return TrackedSteps.ToDictionary(name => name, name =>
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            return steps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        });
    }

    private static void AssertAllCachedOrUnchanged(GeneratorDriver driver)
    {
        foreach (var (name, reasons) in Reasons(driver))
        {
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {r}"));
        }
    }

    [Fact]
    public void Rerun_on_the_same_compilation_is_all_cached()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(compilation.Clone(), TestContext.Current.CancellationToken);
        AssertAllCachedOrUnchanged(driver);
    }

    [Fact]
    public void Edit_to_an_unrelated_file_is_all_cached()
    {
        var (driver, compilation) = FirstRun();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var edited = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText(Unrelated.Replace("x * 2", "x + x"), GeneratorHarness.ParseOptions, path: "Source1.cs", cancellationToken: TestContext.Current.CancellationToken));
        driver = driver.RunGenerators(edited, TestContext.Current.CancellationToken);
        AssertAllCachedOrUnchanged(driver);
        var added = edited.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; class Another { }", GeneratorHarness.ParseOptions, path: "Source2.cs", cancellationToken: TestContext.Current.CancellationToken));
        driver = driver.RunGenerators(added, TestContext.Current.CancellationToken);
        AssertAllCachedOrUnchanged(driver);
    }

    [Fact]
    public void Edits_above_a_method_leave_the_class_output_unchanged()
    {
        var (driver, compilation) = FirstRun();
        string before = GeneratorHarness.StoreTrees(driver.GetRunResult()).Single().ToString();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        // A comment above the first method and a changed record above the type: every method moves down the file.
        string text = Store
            .Replace("    [Query(\"SELECT id, content FROM blocks WHERE id = @id\")]\n    public partial ValueTask",
                "    // Reads one block; the id is the primary key.\n    [Query(\"SELECT id, content FROM blocks WHERE id = @id\")]\n    public partial ValueTask")
            .Replace("public sealed record Block(string Id, string Content);", "public sealed record Block(string Id, string Content) { public int Extra => 1; }");
        Assert.NotEqual(Store, text);
        var edited = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: "Source0.cs", cancellationToken: TestContext.Current.CancellationToken));
        driver = driver.RunGenerators(edited, TestContext.Current.CancellationToken);

        var reasons = Reasons(driver);
        // the methods were parsed again (their file changed) but their models are equal
        Assert.Contains(IncrementalStepRunReason.Unchanged, reasons[TrackingNames.QueryMethods]);
        Assert.All(reasons[TrackingNames.Classes], r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Equal(before, GeneratorHarness.StoreTrees(driver.GetRunResult()).Single().ToString());
    }

    [Fact]
    public void Editing_the_sql_of_a_query_is_Modified_and_changes_the_output()
    {
        var (driver, compilation) = FirstRun();
        string before = GeneratorHarness.StoreTrees(driver.GetRunResult()).Single().ToString();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            Store.Replace("SELECT id, content FROM blocks WHERE id = @id\")]\n    public partial ValueTask", "SELECT id, content FROM blocks WHERE id = @id LIMIT 1\")]\n    public partial ValueTask"),
            GeneratorHarness.ParseOptions, path: "Source0.cs", cancellationToken: TestContext.Current.CancellationToken));
        Assert.NotEqual(old.ToString(), edited.SyntaxTrees.Single(t => t.FilePath == "Source0.cs").ToString());
        driver = driver.RunGenerators(edited, TestContext.Current.CancellationToken);

        var reasons = Reasons(driver);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons[TrackingNames.QueryMethods]);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons[TrackingNames.Classes]);
        // The catalog lists types, not SQL: an edited statement leaves it as it was.
        Assert.All(reasons[TrackingNames.CatalogEntries], r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(reasons[TrackingNames.Catalog], r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        string after = GeneratorHarness.StoreTrees(driver.GetRunResult()).Single().ToString();
        Assert.Contains("LIMIT 1", after);
        Assert.DoesNotContain("LIMIT 1", before);
    }

    [Fact]
    public void Model_types_hold_no_symbols_syntax_locations_or_compilations()
    {
        var roots = typeof(MethodResult).Assembly.GetTypes().Where(t => t.Namespace == typeof(MethodResult).Namespace).ToList();
        Assert.Contains(typeof(MethodModel), roots);
        Assert.Contains(typeof(DiagnosticInfo), roots);
        var (problems, seen) = ModelWalk(roots);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // the walk really reached the nested model
        Assert.Contains(typeof(ElementModel), seen);
        Assert.Contains(typeof(LocationInfo), seen);
    }

    [Fact]
    public void Model_walk_would_catch_a_symbol()
    {
        // The walk above must be able to fail: run it on records that hold forbidden things, directly and nested.
        var (problems, _) = ModelWalk([typeof(HoldsLocation), typeof(HoldsSymbolInArray), typeof(HoldsNestedToken)]);
        Assert.Contains(problems, p => p.StartsWith("HoldsLocation.", StringComparison.Ordinal) && p.EndsWith(typeof(Location).FullName!, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HoldsSymbolInArray.", StringComparison.Ordinal) && p.EndsWith(typeof(IMethodSymbol).FullName!, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HoldsNestedToken.", StringComparison.Ordinal) && p.Contains(typeof(SyntaxToken).FullName!, StringComparison.Ordinal));
        Assert.Equal(3, problems.Count);
    }

    /// <summary>Walks the instance fields of <paramref name="roots"/> (through generic arguments and arrays) and lists every
    /// path that reaches a symbol, syntax, location or compilation.</summary>
    private static (List<string> Problems, HashSet<Type> Seen) ModelWalk(IEnumerable<Type> roots)
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel) };
        var seen = new HashSet<Type>();
        var problems = new List<string>();
        foreach (var root in roots) Walk(root, root.Name);
        return (problems, seen);

        void Walk(Type type, string path)
        {
            if (type.IsGenericType)
                foreach (var argument in type.GetGenericArguments()) Walk(argument, path + "<" + argument.Name + ">");
            if (type.IsArray) Walk(type.GetElementType()!, path + "[]");
            if (forbidden.Any(f => f.IsAssignableFrom(type)) || type == typeof(SyntaxToken))
            {
                problems.Add(path + " is " + type.FullName);
                return;
            }
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
                return;
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                Walk(field.FieldType, path + "." + field.Name);
        }
    }

    private sealed record HoldsLocation(Location Where);

    private sealed record HoldsSymbolInArray(string Name, EquatableArray<string> Names, IMethodSymbol[] Methods);

    private sealed record Inner(SyntaxToken Token);

    private sealed record HoldsNestedToken(Inner Inner);
}
