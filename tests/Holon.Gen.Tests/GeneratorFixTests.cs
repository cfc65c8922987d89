using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>Generated code that once failed to compile for valid user code, and the one-attribute-per-method rule.</summary>
public sealed class GeneratorFixTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading;
        using Holon.Data;

        """;

    [Fact]
    public void Nested_type_and_namespaced_type_with_the_same_dotted_name_each_get_their_own_file()
    {
        // Nested C in generic B<T> (metadata name B`1, spelled B_1 in a file name) and C in namespace A.B_1 were both
        // "A.B_1.C.g.cs" when nested types were joined with '.', and their methods were merged into one file.
        var run = GeneratorHarness.Generate(
            Usings + """
            namespace A
            {
                public partial class B<T>
                {
                    public partial class C(SqlitePool pool)
                    {
                        [Query("SELECT 1")]
                        public partial long One();
                    }
                }
            }
            namespace A.B_1
            {
                public partial class C(SqlitePool pool)
                {
                    [Query("SELECT 2")]
                    public partial long Two();
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var sources = GeneratorHarness.StoreSources(run.Result);
        Assert.Equal(2, sources.Count);
        Assert.Single(sources, s => s.SourceText.ToString().Contains("One()", StringComparison.Ordinal) && !s.SourceText.ToString().Contains("Two()", StringComparison.Ordinal));
        Assert.Single(sources, s => s.SourceText.ToString().Contains("Two()", StringComparison.Ordinal) && !s.SourceText.ToString().Contains("One()", StringComparison.Ordinal));
    }

    [Fact]
    public void Types_whose_hint_names_differ_only_by_case_or_generic_arity_spelling_each_get_their_own_file()
    {
        // Hint names are compared without case, and `1 is spelled _1 in a file name.
        var run = GeneratorHarness.Generate(
            Usings + """
            namespace App;
            public partial class Store(SqlitePool pool) { [Query("SELECT 1")] public partial long One(); }
            public partial class store(SqlitePool pool) { [Query("SELECT 2")] public partial long Two(); }
            public partial class Outer<T>(SqlitePool pool) { [Query("SELECT 3")] public partial long Three(); }
            public partial class Outer_1(SqlitePool pool) { [Query("SELECT 4")] public partial long Four(); }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        Assert.Equal(4, GeneratorHarness.StoreSources(run.Result).Count);
    }

    [Theory]
    [InlineData("Rest")]
    [InlineData("ToString")]
    [InlineData("GetHashCode")]
    [InlineData("Item2")]
    public void Watch_parameter_names_that_are_reserved_tuple_names_compile(string name)
    {
        var run = GeneratorHarness.Generate(Usings + $$"""
            namespace App;
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM blocks WHERE a = @{{name}} AND b = @other")]
                public partial IAsyncEnumerable<long> WatchCount(string {{name}}, long other, CancellationToken ct = default);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void Watch_with_more_than_seven_parameters_compiles()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Watches(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM t WHERE a = @a AND b = @b AND c = @c AND d = @d AND e = @e AND f = @f AND g = @g AND h = @h AND i = @Item1")]
                public partial IAsyncEnumerable<long> WatchCount(long a, long b, long c, long d, long e, long f, long g, string h, string Item1);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Theory]
    [InlineData("[Query(\"SELECT count(*) FROM blocks\")]", "[Command(\"SELECT count(*) FROM blocks\")]", "long")]
    [InlineData("[Command(\"SELECT count(*) FROM blocks\")]", "[Query(\"SELECT count(*) FROM blocks\")]", "long")]
    [InlineData("[Query(\"SELECT count(*) FROM blocks\")]", "[Watch(\"SELECT count(*) FROM blocks\")]", "IAsyncEnumerable<long>")]
    [InlineData("[Watch(\"SELECT count(*) FROM blocks\")]", "[Command(\"DELETE FROM blocks\")]", "IAsyncEnumerable<long>")]
    public void HOLON011_two_holon_attributes_on_one_method_is_one_error_and_a_stub(string first, string second, string returnType)
    {
        var run = GeneratorHarness.Generate(Usings + $$"""
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                {{first}}
                {{second}}
                public partial {{returnType}} [|Count|]();

                [Query("SELECT 1")]
                public partial long One();
            }
            """);
        var d = Markup.AssertSingle(run, "HOLON011");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("Store.Count", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("HOLON011.md", d.Descriptor.HelpLinkUri);
        // the other method still generates; the doubly attributed one is one throwing stub, so no CS0756/CS8795 on top
        var source = Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString();
        Assert.Contains("\"SELECT 1\"", source);
        Assert.DoesNotContain("FROM blocks\"", source);   // the stub's SQL has no definition
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(source, @"\bCount\(\)"));
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void HOLON011_all_three_attributes()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM blocks")]
                [Query("SELECT count(*) FROM blocks")]
                [Command("SELECT count(*) FROM blocks")]
                public partial IAsyncEnumerable<long> [|Count|]();

                [Query("SELECT 1")]
                public partial long One();
            }
            """);
        Markup.AssertSingle(run, "HOLON011");
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }
}

/// <summary>Source with one <c>[|marked|]</c> span: the span a diagnostic must point at.</summary>
internal static class Markup
{
    /// <summary>Strips the markers from every source, runs the generator, and asserts one diagnostic with this id on the marked span.</summary>
    public static Diagnostic AssertSingle(GeneratorHarness.Run run, string id)
    {
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.NotNull(run.ExpectedSpan);
        Assert.Equal(run.ExpectedSpan.Value, diagnostic.Location.SourceSpan);
        Assert.Equal(run.ExpectedPath, diagnostic.Location.GetLineSpan().Path);
        return diagnostic;
    }
}
