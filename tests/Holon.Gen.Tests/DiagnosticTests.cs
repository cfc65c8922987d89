using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>One test per cannot-generate id: the id, where it points, and that nothing broken is emitted.</summary>
public sealed partial class DiagnosticTests
{
    private const string Header = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        namespace App;
        public sealed record Block(string Id, string Content);

        """;

    /// <summary>Runs the generator and asserts exactly one diagnostic with this id, pointing at <paramref name="expectedText"/> on <paramref name="expectedLine"/> (1-based, counted in the body).</summary>
    private static Diagnostic Single(string body, string id, string expectedText, int expectedLine)
    {
        var run = GeneratorHarness.Generate(Header + body);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        // A location in the compilation's own tree (the model keeps a path and span; the report joins them back), so that
        // .editorconfig severities and #pragma apply to it.
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        Assert.Same(tree, diagnostic.Location.SourceTree);
        Assert.Equal(expectedText, tree.GetText(TestContext.Current.CancellationToken).ToString(diagnostic.Location.SourceSpan));
        int headerLines = Header.Split('\n').Length - 1;
        Assert.Equal(expectedLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line - headerLines + 1);
        Assert.EndsWith(id + ".md", diagnostic.Descriptor.HelpLinkUri);
        return diagnostic;
    }

    [Fact]
    public void HOLON001_type_not_partial()
    {
        var d = Single("""
            public sealed class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks")]
                public partial List<Block> All();
            }
            """, "HOLON001", "Store", 1);
        Assert.Contains("'Store'", d.GetMessage());
    }

    [Fact]
    public void HOLON001_containing_type_not_partial()
    {
        Single("""
            public class Outer
            {
                public partial class Store(SqlitePool pool)
                {
                    [Query("SELECT id, content FROM blocks")]
                    public partial List<Block> All();
                }
            }
            """, "HOLON001", "Outer", 1);
    }

    [Fact]
    public void HOLON002_method_not_partial()
    {
        Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks")]
                public List<Block> All() => new();
            }
            """, "HOLON002", "All", 4);
    }

    [Fact]
    public void HOLON003_no_pool_and_no_lease()
    {
        var d = Single("""
            public partial class Store
            {
                [Query("SELECT id, content FROM blocks")]
                public partial List<Block> All();
            }
            """, "HOLON003", "All", 4);
        Assert.Contains("Store.All", d.GetMessage());
    }

    [Fact]
    public void HOLON003_static_method_cannot_use_instance_pool()
    {
        Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks")]
                public static partial List<Block> All();
            }
            """, "HOLON003", "All", 4);
    }

    [Fact]
    public void HOLON004_sql_parameter_without_argument()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @id")]
                public partial Block? Get(ConnectionLease lease);
            }
            """, "HOLON004", "\"SELECT id, content FROM blocks WHERE id = @id\"", 3);
        Assert.Contains("'@id'", d.GetMessage());
    }

    [Fact]
    public void HOLON014_positional_parameter_asks_for_a_name()
    {
        Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = ?1")]
                public partial Block? Get();
            }
            """, "HOLON014", "\"SELECT id, content FROM blocks WHERE id = ?1\"", 3);
    }

    [Fact]
    public void HOLON005_argument_not_used()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @id")]
                public partial Block? Get(string id, long version);
            }
            """, "HOLON005", "version", 4);
        Assert.Contains("'version'", d.GetMessage());
    }

    [Fact]
    public void HOLON006_unsupported_parameter_type()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id IN (@ids)")]
                public partial List<Block> Get(HashSet<string> ids);
            }
            """, "HOLON006", "ids", 4);
        Assert.Contains("HashSet<string>", d.GetMessage());
    }

    [Fact]
    public void HOLON006_a_type_of_two_values_is_one_error_naming_its_type_and_the_converter()
    {
        // NoteRange is a struct, so it could be the object whose members bind; but the SQL names the parameter itself
        // (@range), and the type has no 'range' member: it was meant as one value. Not HOLON004 for @range plus HOLON005.
        const string body = """
            public readonly record struct NoteRange(long From, long To);
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @range")]
                public partial Block? Get(NoteRange range);
            }
            """;
        var d = Single(body, "HOLON006", "range", 5);
        Assert.Contains("'App.NoteRange'", d.GetMessage());
        Assert.Contains("[SqlConverter(typeof(...))]", d.GetMessage());
        // The stub references the pool, so the compiler does not add CS9113 (unread parameter) to the one error.
        var run = GeneratorHarness.Generate(Header + body);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void HOLON006_the_pages_fix_for_a_strongly_typed_id_generates_and_compiles_clean()
    {
        // HOLON006.md's "Good": the generated method binds the wrapped value; the wrapper stays in the public API.
        var run = GeneratorHarness.Generate(Header + """
            public readonly record struct NoteId(long Value);
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @id")]
                private partial Block? Get(long id);

                public Block? Get(NoteId id) => Get(id.Value);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void HOLON006_unsupported_member_of_object_parameter()
    {
        Single("""
            public sealed class Filter { public object Id { get; set; } = ""; }
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @Id")]
                public partial List<Block> Get(Filter filter);
            }
            """, "HOLON006", "\"SELECT id, content FROM blocks WHERE id = @Id\"", 4);
    }

    [Fact]
    public void HOLON007_unsupported_return_type()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks")]
                public partial Dictionary<string, Block> All();
            }
            """, "HOLON007", "Dictionary<string, Block>", 4);
        Assert.Contains("Store.All", d.GetMessage());
    }

    [Fact]
    public void HOLON007_command_without_returning_cannot_return_rows()
    {
        Single("""
            public partial class Store(SqlitePool pool)
            {
                [Command("DELETE FROM blocks")]
                public partial Task<long> Clear();
            }
            """, "HOLON007", "Task<long>", 4);
    }

    [Fact]
    public void HOLON007_query_returning_void()
    {
        Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT 1")]
                public partial void Nothing();
            }
            """, "HOLON007", "void", 4);
    }

    [Fact]
    public void HOLON008_result_type_cannot_be_constructed()
    {
        var d = Single("""
            public abstract class Shape { public long Id { get; set; } }
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM shapes")]
                public partial List<Shape> All();
            }
            """, "HOLON008", "List<Shape>", 5);
        Assert.Contains("Shape", d.GetMessage());
    }

    [Fact]
    public void HOLON008_constructor_parameter_not_readable()
    {
        var d = Single("""
            public sealed record Holder(long Id, Dictionary<string, string> Tags);
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, tags FROM holders")]
                public partial Holder? First();
            }
            """, "HOLON008", "Holder?", 5);
        Assert.Contains("'Tags'", d.GetMessage());
    }

    [Fact]
    public void HOLON009_empty_sql()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("  -- nothing here")]
                public partial long Nothing();
            }
            """, "HOLON009", "\"  -- nothing here\"", 3);
        Assert.Contains("empty", d.GetMessage());
    }

    [Fact]
    public void HOLON009_more_than_one_statement()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Command("DELETE FROM a; DELETE FROM b;")]
                public partial void Clear();
            }
            """, "HOLON009", "\"DELETE FROM a; DELETE FROM b;\"", 3);
        Assert.Contains("2 statements", d.GetMessage());
    }

    [Fact]
    public void HOLON009_semicolons_inside_strings_and_trailing_are_fine()
    {
        var run = GeneratorHarness.Generate(Header + """
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT ';' || content FROM blocks WHERE id = @id; -- one; statement")]
                public partial string? Get(string id);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void HOLON009_a_trigger_body_is_part_of_one_statement()
    {
        var run = GeneratorHarness.Generate(Header + """
            public partial class Store(SqlitePool pool)
            {
                [Command("CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); END")]
                public partial void CreateTrigger();
                [Command("CREATE TEMP TRIGGER t2 AFTER DELETE ON x FOR EACH ROW BEGIN DELETE FROM y WHERE id = old.id; UPDATE z SET n = CASE WHEN n > 0 THEN n - 1 ELSE 0 END WHERE id = 1; END;")]
                public partial void CreateTempTrigger();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }

    [Fact]
    public void HOLON009_a_statement_after_a_trigger_is_a_second_statement()
    {
        var d = Single("""
            public partial class Store(SqlitePool pool)
            {
                [Command("CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); END; DELETE FROM y")]
                public partial void CreateTrigger();
            }
            """, "HOLON009", "\"CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); END; DELETE FROM y\"", 3);
        Assert.Contains("2 statements", d.GetMessage());
    }

    [Fact]
    public void HOLON010_generic_method()
    {
        Single("""
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks")]
                public partial List<T> All<T>();
            }
            """, "HOLON010", "All", 4);
    }

    [Fact]
    public void Every_generator_id_resolves_has_a_docs_page_and_a_release_entry()
    {
        string generator = Path.Combine(RepoRoot(), "generators", "Holon.Gen");
        string releases = File.ReadAllText(Path.Combine(generator, "AnalyzerReleases.Unshipped.md"));
        var ids = typeof(Holon.Gen.Diagnostics.DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .Where(d => string.CompareOrdinal(d.Id, "HOLON100") < 0)
            .ToList();
        Assert.Contains(ids, d => d.Id == "HOLON011");
        foreach (var d in ids)
        {
            Assert.Same(d, Holon.Gen.Model.DiagnosticInfo.Create(d, null).ToDiagnostic(Location.None).Descriptor);
            Assert.True(File.Exists(Path.Combine(generator, "docs", d.Id + ".md")), d.Id + " has no docs page");
            Assert.Contains(d.Id + " | Holon.Generator | " + d.DefaultSeverity + " | " + d.Title, releases);
        }
    }
}
