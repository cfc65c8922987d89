using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>
/// Array columns: on PostgreSQL a T[], List&lt;T&gt; or IReadOnlyList&lt;T&gt; member, tuple element or row scalar reads one
/// array column; a List&lt;T&gt;, IReadOnlyList&lt;T&gt; or T[] at the top of the return type is always every row. SQLite has
/// no arrays (HOLON033), and a '?' on a list of rows is ambiguous (HOLON032).
/// </summary>
public sealed class ArrayColumnGeneratorTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Npgsql;
        namespace App;

        """;

    [Fact]
    public void PostgresArrayShapes()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed record Tagged(long Id, string[] Tags, List<long>? Scores, IReadOnlyList<Guid> Keys, long?[] Gaps);

            public sealed class Bag
            {
                public IReadOnlyList<string?>? Labels { get; set; }
                public required List<DateTime> Times { get; init; }
            }

            public sealed partial class Arrays(NpgsqlDataSource db)
            {
                [Query("SELECT id, tags, scores, keys, gaps FROM tagged WHERE id = @id")]
                public partial Task<Tagged?> GetAsync(long id, CancellationToken ct = default);

                [Query("SELECT labels, times FROM bags")]
                public partial Task<List<Bag>> BagsAsync(CancellationToken ct = default);

                [Query("SELECT tags FROM tagged ORDER BY id")]
                public partial Task<List<string[]>> TagsPerRowAsync(CancellationToken ct = default);

                [Query("SELECT tag FROM tagged, unnest(tags) AS tag")]
                public partial Task<string[]> EveryTagAsync(CancellationToken ct = default);

                [Query("SELECT id, scores FROM tagged WHERE id = ANY(@ids)")]
                public partial Task<(long Id, long[]? Scores)?> ScoresAsync(long[] ids, CancellationToken ct = default);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var generated = GeneratorHarness.StoreSources(run.Result);
        Snapshot.Verify(nameof(PostgresArrayShapes),
            generated.OrderBy(g => g.HintName, StringComparer.Ordinal).Select(g => (g.HintName, g.SourceText.ToString())));
        string code = generated.Single().SourceText.ToString();
        Assert.Contains(".Get<long?[]>(", code);              // value-type elements: Npgsql checks their NULLs
        Assert.Contains(".GetOrNull<string[]>(", code);       // IReadOnlyList<string?>? is read as a string[]
        Assert.Contains(".NoNullElements(", code);            // string elements that are not annotated are checked
    }

    [Theory]
    [InlineData("Task<string[]?>", "string[]")]
    [InlineData("Task<List<long>?>", "System.Collections.Generic.List<long>")]
    [InlineData("IReadOnlyList<string>?", "System.Collections.Generic.IReadOnlyList<string>")]
    public void HOLON032_a_nullable_list_of_rows(string returnType, string withoutMark)
    {
        var d = Single($$"""
            public sealed partial class Store(NpgsqlDataSource db)
            {
                [Query("SELECT tags FROM tagged")]
                public partial [|{{returnType}}|] TagsAsync();
            }
            """, "HOLON032");
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Store.TagsAsync", message);
        Assert.Contains("List<" + withoutMark + ">", message);
    }

    [Fact]
    public void HOLON033_an_array_member_on_sqlite()
    {
        var d = Single("""
            public sealed record Tagged(long Id, [|string[] Tags|]);

            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, tags FROM tagged")]
                public partial List<Tagged> All();
            }
            """, "HOLON033", span: false);
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'Store.All' reads 'Tags' of type 'string[]'", message);
        Assert.Contains("SQLite has no array columns", message);
    }

    [Fact]
    public void HOLON033_each_rows_array_on_sqlite()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT tags FROM tagged")]
                public partial [|List<long[]>|] All();
            }
            """, "HOLON033");
        Assert.Contains("SQLite has no array columns", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Diagnostic Single(string body, string id, bool span = true)
    {
        var run = GeneratorHarness.Generate(Header + body);
        Assert.True(run.GeneratorDiagnostics.Length == 1, string.Join("\n", run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics())));
        var diagnostic = run.GeneratorDiagnostics[0];
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.EndsWith(id + ".md", diagnostic.Descriptor.HelpLinkUri);
        // The marked span contains where the error points (a parameter's location is its name).
        var at = diagnostic.Location.SourceSpan;
        if (span) Assert.Equal(run.ExpectedSpan, at);
        else Assert.True(run.ExpectedSpan!.Value.Contains(at), $"{at} is outside {run.ExpectedSpan}");
        // A throwing stub is generated, so the HOLON error is the only one.
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
        return diagnostic;
    }
}
