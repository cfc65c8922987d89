using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Holon.Gen.Tests;

/// <summary>[Watch] methods: the generated source (snapshot, compiles cleanly) and the shapes it refuses.</summary>
public sealed class WatchGeneratorTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using Holon.Data;

        """;

    [Fact]
    public void WatchShapes()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;

            public sealed record Block(string Id, string? ParentId, string Content, long SortKey);
            public enum Kind { A, B }

            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key")]
                public partial IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct = default);
                [Watch("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
                public partial IAsyncEnumerable<Block?> WatchBlock(string id, CancellationToken ct);
                [Watch("SELECT count(*) FROM blocks")]
                public partial IAsyncEnumerable<long> WatchCount(CancellationToken ct = default);
                [Watch("SELECT max(sort_key) FROM blocks WHERE parent_id = @parentId AND content <> @except AND sort_key > @min")]
                public partial IAsyncEnumerable<long?> WatchMax(string? parentId, string except, Kind min);
                [Watch("SELECT id, sort_key FROM blocks WHERE sort_key > @SortKey")]
                public partial IAsyncEnumerable<IReadOnlyList<(string Id, long SortKey)>> WatchAfter(Block block, CancellationToken ct = default);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var generated = run.Result.Results.Single().GeneratedSources;
        Snapshot.Verify(nameof(WatchShapes), generated.OrderBy(g => g.HintName, StringComparer.Ordinal).Select(g => (g.HintName, g.SourceText.ToString())));
    }

    [Fact]
    public void WatchStep_IsCachedOnRerun_AndModifiedWhenItsSqlChanges()
    {
        const string source = Usings + """
            namespace App;
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM blocks")]
                public partial IAsyncEnumerable<long> WatchCount(CancellationToken ct = default);
            }
            """;
        var ct = TestContext.Current.CancellationToken;
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation, ct);
        List<IncrementalStepRunReason> Reasons(GeneratorDriver d, string step) =>
            d.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(x => x.Outputs).Select(o => o.Reason).ToList();

        driver = driver.RunGenerators(compilation.Clone(), ct);
        Assert.All(Reasons(driver, TrackingNames.WatchMethods), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(driver, TrackingNames.Classes), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));

        var old = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            source.Replace("count(*) FROM blocks", "count(*) FROM blocks WHERE content <> ''"), GeneratorHarness.ParseOptions, path: old.FilePath, cancellationToken: ct));
        driver = driver.RunGenerators(edited, ct);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.WatchMethods));
        Assert.Contains("WHERE content <> ''", GeneratorHarness.StoreTrees(driver.GetRunResult()).Single().ToString());
    }

    [Theory]
    [InlineData("List<Block>")]
    [InlineData("Block[]")]
    [InlineData("IEnumerable<Block>")]
    public void UnsupportedWatchElement_IsHolon007(string element)
    {
        var run = GeneratorHarness.Generate(Usings + $$"""
            namespace App;
            public sealed record Block(string Id, long SortKey);
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT id, sort_key FROM blocks")]
                public partial IAsyncEnumerable<{{element}}> WatchAll();
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON007", d.Id);
        Assert.Contains("[Watch]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void WatchNotReturningAnAsyncEnumerable_IsHolon007()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM blocks")]
                public partial System.Threading.Tasks.Task<long> WatchCount();
            }
            """);
        Assert.Equal("HOLON007", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void WatchOnACallersLease_IsHolon015()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM blocks")]
                public partial IAsyncEnumerable<long> WatchCount(ConnectionLease lease);
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON015", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public void WatchOfACollectionElement_IsHolon007_for_Watch()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT id FROM blocks")]
                public partial IAsyncEnumerable<IReadOnlyList<Dictionary<int, int>>> WatchIds();
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON007", d.Id);
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("for [Watch]; [Watch] methods return IAsyncEnumerable<IReadOnlyList<T>>", message);
    }
}
