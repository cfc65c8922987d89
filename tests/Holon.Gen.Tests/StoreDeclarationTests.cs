using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>File-local stores, ambiguous pools, noise-free errors and messages that say what to do.</summary>
public sealed class StoreDeclarationTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;

        """;

    private static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void HOLON012_file_local_store_is_one_error_and_the_other_store_still_generates_and_compiles()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed record Row(long Id, string Title);
            file sealed partial class [|FileStore|](SqlitePool pool)
            {
                [Query("SELECT id, title FROM notes")]
                public partial List<Row> All();
            }
            """, Usings + """
            namespace App;
            public sealed partial class NormalStore(SqlitePool pool)
            {
                [Query("SELECT id, title FROM notes")]
                public partial List<Row> All();
            }
            """);
        var d = Markup.AssertSingle(run, "HOLON012");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("internal", Message(d));
        Assert.EndsWith("HOLON012.md", d.Descriptor.HelpLinkUri);
        var tree = Assert.Single(GeneratorHarness.StoreTrees(run.Result));
        Assert.DoesNotContain('<', Path.GetFileName(tree.FilePath));
        Assert.Contains("NormalStore", tree.ToString());
        // Only the file-local method lacks its body (CS8795, which no generated file can avoid); nothing else fails.
        var problems = GeneratorHarness.CompileProblems(run.Output).Where(p => p.Id != "CS9113").ToList();  // the stub's unread pool
        var only = Assert.Single(problems);
        Assert.Equal("CS8795", only.Id);
        Assert.Equal("Source0.cs", only.Location.GetLineSpan().Path);
    }

    [Fact]
    public void HOLON012_store_nested_in_a_file_local_type_is_reported_too()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            file static partial class [|Outer|]
            {
                public sealed partial class Inner(SqlitePool pool)
                {
                    [Query("SELECT 1")]
                    public partial long One();
                }
            }
            """);
        Markup.AssertSingle(run, "HOLON012");
        Assert.Empty(GeneratorHarness.StoreTrees(run.Result));
    }

    [Fact]
    public void HOLON013_two_pools_is_ambiguous_and_lists_the_candidates()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class TwoPools(SqlitePool archive, SqlitePool main)
            {
                [Query("SELECT count(*) FROM notes")]
                public partial long [|Count|]();
            }
            """);
        var d = Markup.AssertSingle(run, "HOLON013");
        Assert.Contains("'archive'", Message(d));
        Assert.Contains("'main'", Message(d));
        Assert.Contains("[HolonPool]", Message(d));
        Assert.EndsWith("HOLON013.md", d.Descriptor.HelpLinkUri);
        Assert.DoesNotContain(GeneratorHarness.CompileProblems(run.Output), p => p.Id != "CS9113");
    }

    [Theory]
    [InlineData("public sealed partial class TwoPools([HolonPool] SqlitePool main, SqlitePool archive)", "main")]
    [InlineData("public sealed partial class TwoPools(SqlitePool archive, [HolonPool] SqlitePool main)", "main")]
    public void HolonPool_on_a_primary_constructor_parameter_chooses(string declaration, string chosen)
    {
        var run = GeneratorHarness.Generate(Usings + $$"""
            namespace App;
            {{declaration}}
            {
                public SqlitePool Archive => archive;

                [Query("SELECT count(*) FROM notes")]
                public partial long Count();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string source = Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString();
        Assert.Contains(chosen + ".RentForRead", source);
        Assert.DoesNotContain("archive.Rent", source);
    }

    [Fact]
    public void HolonPool_on_a_field_chooses_and_a_second_one_is_ambiguous()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Fields
            {
                private readonly SqlitePool _archive = null!;
                [HolonPool] private readonly SqlitePool _main = null!;

                [Query("SELECT count(*) FROM notes")]
                public partial long Count();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("_main.RentForRead", Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString());

        var twice = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Fields
            {
                [HolonPool] private readonly SqlitePool _archive = null!;
                [HolonPool] private readonly SqlitePool _main = null!;

                [Query("SELECT count(*) FROM notes")]
                public partial long [|Count|]();
            }
            """);
        Assert.Contains("'_archive'", Message(Markup.AssertSingle(twice, "HOLON013")));
    }

    [Fact]
    public void HOLON010_generic_method_is_the_only_error()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT 1")]
                public partial T [|One|]<T>() where T : class, new();

                [Query("SELECT 2")]
                public partial long Two();
            }
            """);
        Markup.AssertSingle(run, "HOLON010");
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void HOLON001_type_not_partial_adds_no_CS8795()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed class [|Store|](SqlitePool pool)
            {
                [Query("SELECT 1")]
                public partial long One();
            }
            """);
        Markup.AssertSingle(run, "HOLON001");
        // Without the stub the compiler added CS0751 and CS8795. With it, only CS0260 remains, on the same declaration
        // and saying the same thing as HOLON001 (add 'partial'); no compiler error can be suppressed, so that one stays.
        var problems = GeneratorHarness.CompileProblems(run.Output).Where(p => p.Id != "CS9113").ToList();
        var only = Assert.Single(problems);
        Assert.Equal("CS0260", only.Id);
        Assert.Equal(run.ExpectedSpan, only.Location.SourceSpan);
    }

    [Theory]
    [InlineData("Query", "HashSet<long>", "List<T>")]
    [InlineData("Command", "List<long>", "int")]
    [InlineData("Watch", "List<long>", "IAsyncEnumerable<IReadOnlyList<T>>")]
    public void HOLON007_lists_the_allowed_return_types(string attribute, string returnType, string listed)
    {
        string sql = attribute == "Command" ? "DELETE FROM notes WHERE id = 1" : "SELECT id FROM notes";
        var run = GeneratorHarness.Generate(Usings + $$"""
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [{{attribute}}("{{sql}}")]
                public partial [|{{returnType}}|] Get();
            }
            """);
        Assert.Contains(listed, Message(Markup.AssertSingle(run, "HOLON007")));
    }

    [Theory]
    [InlineData("SELECT title FROM notes WHERE id = ?")]
    [InlineData("SELECT title FROM notes WHERE id = ?1")]
    public void HOLON014_positional_placeholder_is_one_error_suggesting_a_name(string sql)
    {
        var run = GeneratorHarness.Generate(Usings + $$"""
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"{{sql}}"|])]
                public partial string? Title(long id);
            }
            """);
        var d = Markup.AssertSingle(run, "HOLON014");
        Assert.Contains("@name", Message(d));
        Assert.EndsWith("HOLON014.md", d.Descriptor.HelpLinkUri);
        Assert.DoesNotContain(GeneratorHarness.CompileProblems(run.Output), p => p.Id != "CS9113");
    }

    [Fact]
    public void HOLON015_watch_with_a_lease_says_watches_rent_their_own_readers()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [Watch("SELECT count(*) FROM notes")]
                public partial IAsyncEnumerable<long> Count(ConnectionLease [|lease|]);
            }
            """);
        var d = Markup.AssertSingle(run, "HOLON015");
        Assert.Contains("rent", Message(d));
        Assert.Contains("own readers", Message(d));
        Assert.DoesNotContain("cannot be bound", Message(d));
        Assert.DoesNotContain(GeneratorHarness.CompileProblems(run.Output), p => p.Id != "CS9113");
    }

    [Fact]
    public void HOLON016_private_setter_is_a_warning_naming_the_member()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed class Note
            {
                public string [|Id|] { get; private set; } = "";
                public string Title { get; set; } = "";
            }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, title FROM notes")]
                public partial List<Note> All();
            }
            """);
        var d = Markup.AssertSingle(run, "HOLON016");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'Id'", Message(d));
        Assert.Single(GeneratorHarness.StoreTrees(run.Result));
    }

    [Fact]
    public void Named_tuple_reads_by_name_unnamed_by_position()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, title FROM notes")]
                public partial List<(string Title, long Id)> Named();

                [Query("SELECT id, title FROM notes")]
                public partial List<(long, string)> Unnamed();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string source = Assert.Single(GeneratorHarness.StoreTrees(run.Result)).ToString();
        Assert.Contains("\"Title\", \"Id\"", source);
    }

    [Fact]
    public void Optional_members_compile()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;
            public enum Kind { A, B }
            public sealed record Note(long Id, string Title, bool Pinned = false, double Score = 1.5, float F = 2.25f, decimal M = 1.1m,
                string? Body = null, string Tag = "x\"y", Kind K = Kind.B, long? N = null, char C = 'c', ulong U = 7)
            {
                public int Rank { get; init; } = 3;
                public required string Owner { get; init; }
            }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, title, owner FROM notes")]
                public partial List<Note> All();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void Item14_assembly_default_stores_enums_as_text_and_EnumAsText_false_opts_out_nearest_first()
    {
        var run = GeneratorHarness.Generate(Usings + """
            [assembly: EnumAsText]
            namespace App;
            public enum Color { Red, Green }
            [EnumAsText(false)]
            public enum Level { Low, High }
            public sealed record Paint(long Id, Color Color, [EnumAsText(false)] Color Code, Level Level, [EnumAsText] Level Named);
            public sealed partial class Paints(SqlitePool pool)
            {
                [Query("SELECT id, color, code, level, named FROM paints")]
                public partial List<Paint> All();
                [Query("SELECT count(*) FROM paints WHERE color = @color AND level = @level")]
                public partial long Count(Color color, Level level);
                [Query("SELECT count(*) FROM paints WHERE color = @color")]
                public partial long CountByCode([EnumAsText(false)] Color color);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string code = Assert.Single(GeneratorHarness.StoreSources(run.Result)).SourceText.ToString();

        // Color follows the assembly default; Level opted out on its type, but Paint.Named opts back in.
        Assert.Contains("App_Color_Names", code);
        Assert.Contains("App_Level_Names", code);
        string Body(string core) => code[code.IndexOf("internal static long " + core, StringComparison.Ordinal)..];
        Assert.Contains("__s.BindText(0, App_Color_Text(color, ", Body("Query2"));
        Assert.Contains("__s.BindInt64(1, unchecked((long)level));", Body("Query2"));
        Assert.Contains("__s.BindInt64(0, unchecked((long)color));", Body("Query3"));
        string reader = code[code.IndexOf("internal global::App.Paint Read", StringComparison.Ordinal)..];
        Assert.Contains("App_Color_Values[s.GetEnumName(_o1, \"Color\"", reader);
        Assert.Contains("(global::App.Color)s.GetRequiredInt32(_o2, \"Code\")", reader);
        Assert.Contains("(global::App.Level)s.GetRequiredInt32(_o3, \"Level\")", reader);
        Assert.Contains("App_Level_Values[s.GetEnumName(_o4, \"Named\"", reader);
    }
}
