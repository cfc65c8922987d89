using System.Collections.Immutable;
using System.Reflection;
using Holon.Gen.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>
/// HOLON200–206: statements prepared by the real SQLite against the schema the migrations build. The native library is
/// the one this test process ships in runtimes/ (the same e_sqlite3 the package carries).
/// </summary>
public sealed class SchemaVerificationTests
{
    [Fact]
    public void Valid_statements_give_no_finding()
    {
        var (diagnostics, _) = Run("""
            public sealed record Row(string Id, string? ParentId, long Position, DateTime Created);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @id")]
                public partial Block? Get(string id);
                [Query("SELECT id, parent_id, position, created FROM blocks ORDER BY position")]
                public partial List<Row> Rows();
                [Query("SELECT count(*) FROM blocks")]
                public partial long Count();
                [Command("INSERT INTO tags (block_id, tag) VALUES (@blockId, @tag)")]
                public partial int Tag(string blockId, string tag);
                [Watch("SELECT b.id, t.tag FROM blocks b JOIN tags t ON t.block_id = b.id")]
                public partial IAsyncEnumerable<List<(string, string)>> Tagged(CancellationToken ct = default);
            }
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HOLON200_sqlite_rejects_the_statement()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT id, titel FROM blocks"|])]
                public partial List<Block> All();
            }
            """, "HOLON200", DiagnosticSeverity.Error);
        Assert.Contains("no such column: titel", d.GetMessage());
        Assert.Contains("Store.All", d.GetMessage());
    }

    [Fact]
    public void HOLON200_syntax_error_verbatim()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command([|"UPDATE blocks SET content = @content WHER id = @id"|])]
                public partial int Set(string id, string content);
            }
            """, "HOLON200", DiagnosticSeverity.Error);
        Assert.Contains("syntax error", d.GetMessage());
        Assert.Contains("near \"", d.GetMessage());
    }

    [Fact]
    public void HOLON201_required_member_without_column()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT id FROM blocks"|])]
                public partial List<Block> All();
            }
            """, "HOLON201", DiagnosticSeverity.Error);
        Assert.Contains("'Content'", d.GetMessage());
        Assert.Contains("the columns are: id", d.GetMessage());
    }

    [Fact]
    public void HOLON201_is_not_reported_for_an_optional_setter()
    {
        var (diagnostics, _) = Run("""
            public sealed class Item { public string Id { get; set; } = ""; public string? Note { get; set; } }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks")]
                public partial List<Item> All();
            }
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HOLON201_is_not_reported_for_any_optional_kind()
    {
        // Optional: a constructor parameter with a default, a non-required init property with a constant initializer or
        // none, of any type an enum included, and a settable property. The runtime leaves them at their defaults.
        var (diagnostics, _) = Run("""
            public enum Kind { Plain, Pinned }
            public sealed record Row(string Id, bool Pinned = false)
            {
                public int Rank { get; init; } = 3;
                public string? Note { get; init; }
                public Kind Kind { get; init; } = Kind.Pinned;
                public Kind Other { get; init; }
                public long Views { get; set; }
            }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks")]
                public partial List<Row> All();
            }
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HOLON201_is_reported_for_each_required_kind()
    {
        // Required: a constructor parameter without a default, a required property, an init property whose initializer
        // is not a constant (generated code cannot repeat DateTime.Now).
        var (diagnostics, _) = Run("""
            public sealed record Row(string Id, long Position)
            {
                public required string Content { get; init; }
                public DateTime Stamp { get; init; } = DateTime.Now;
            }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks")]
                public partial List<Row> All();
            }
            """);
        Assert.All(diagnostics, d => Assert.Equal("HOLON201", d.Id));
        Assert.Equal(["'Content'", "'Position'", "'Stamp'"],
            diagnostics.Select(d => System.Text.RegularExpressions.Regex.Match(d.GetMessage(), "'(Position|Content|Stamp)'").Value).Order());
    }

    [Fact]
    public void HOLON202_column_read_for_nothing()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT id, content, position FROM blocks"|])]
                public partial List<Block> All();
            }
            """, "HOLON202", DiagnosticSeverity.Warning);
        Assert.Contains("'position'", d.GetMessage());
    }

    [Fact]
    public void HOLON207_two_columns_for_one_member_name_both_positions()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT b.id, b.content, t.tag AS content FROM blocks b JOIN tags t ON t.block_id = b.id"|])]
                public partial List<Block> Tagged();
            }
            """, "HOLON207", DiagnosticSeverity.Error);
        Assert.Equal("'App.Store.Tagged': member 'Content' matches two columns, 'content' at position 1 and 'content' at position 2; " +
            "give one of them another name with AS", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HOLON207_duplicates_are_judged_by_the_runtime_key_ignoring_case_and_underscores()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT id, content, tag AS CON_TENT FROM blocks JOIN tags ON block_id = id"|])]
                public partial List<Block> Tagged();
            }
            """, "HOLON207", DiagnosticSeverity.Error);
        Assert.Contains("'content' at position 1 and 'CON_TENT' at position 2", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HOLON207_not_for_positional_results_or_commands_without_a_result()
    {
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, id FROM blocks")]
                public partial List<(string, string)> Pairs();
                [Query("SELECT content AS x, content AS x FROM blocks")]
                public partial List<(string A, string B)> Named();
                [Command("UPDATE blocks SET content = @content WHERE id = @id")]
                public partial int Edit(string id, string content);
            }
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HOLON203_nullable_column_into_non_nullable_member()
    {
        var d = Single("""
            public sealed record Child(string Id, string ParentId);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT id, parent_id FROM blocks"|])]
                public partial List<Child> All();
            }
            """, "HOLON203", DiagnosticSeverity.Warning);
        Assert.Contains("'parent_id'", d.GetMessage());
        Assert.Contains("'ParentId'", d.GetMessage());
    }

    [Fact]
    public void HOLON203_nullable_side_of_an_outer_join()
    {
        var d = Single("""
            public sealed record Tagged(string Id, string Tag);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT b.id, t.tag FROM blocks b LEFT JOIN tags t ON t.block_id = b.id"|])]
                public partial List<Tagged> All();
            }
            """, "HOLON203", DiagnosticSeverity.Warning);
        Assert.Contains("'tag'", d.GetMessage());
    }

    [Fact]
    public void HOLON204_declared_type_cannot_hold_the_member()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT position FROM blocks"|])]
                public partial List<Guid> Positions();
            }
            """, "HOLON204", DiagnosticSeverity.Warning);
        Assert.Contains("'INTEGER'", d.GetMessage());
        Assert.Contains("System.Guid", d.GetMessage());
    }

    [Fact]
    public void HOLON204_follows_EnumAsText_an_enum_stored_as_its_name_fits_TEXT_and_an_integer_enum_does_not()
    {
        var (asText, _) = Run("""
            [EnumAsText] public enum Kind { Note, Task }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT content FROM blocks")]
                public partial List<Kind> Kinds();
            }
            """);
        Assert.Empty(asText);

        var d = Single("""
            public enum Kind { Note, Task }
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT content FROM blocks"|])]
                public partial List<Kind> Kinds();
            }
            """, "HOLON204", DiagnosticSeverity.Warning);
        Assert.Contains("'TEXT'", d.GetMessage());
    }

    private const string TclParameter = """
        public sealed partial class Store(SqlitePool pool)
        {
            [Query([|"SELECT id, content FROM blocks WHERE id = $id(1)"|])]
            public partial Block? Get(string id);
        }
        """;

    [Fact]
    public void HOLON004_HOLON005_without_a_schema_the_scanner_binds_a_name_sqlite_does_not_have()
    {
        // The text scanner reads "$id(1)" as the parameter $id followed by "(1)", and binds $id from 'id': no finding.
        var (diagnostics, _) = Run(TclParameter, [], prefix: "HOLON0");
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HOLON004_HOLON005_with_a_schema_sqlite_parameter_names_decide()
    {
        // SQLite reads the Tcl form "$id(1)" as one parameter: nothing binds it, and 'id' binds a name SQLite lacks.
        var (diagnostics, span) = Run(TclParameter, prefix: "HOLON0");
        Assert.Equal(["HOLON004", "HOLON005"], diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        var unbound = diagnostics.Single(d => d.Id == "HOLON004");
        Assert.Equal(DiagnosticSeverity.Error, unbound.Severity);
        Assert.Equal(span, unbound.Location.SourceSpan);
        Assert.Equal("SQL parameter '$id(1)' of method 'Store.Get' matches no method parameter and no member of the single object parameter",
            unbound.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var unused = diagnostics.Single(d => d.Id == "HOLON005");
        string source = (Header + TclParameter).Replace("[|", "").Replace("|]", "");
        Assert.Equal(new TextSpan(source.IndexOf("string id)", StringComparison.Ordinal) + "string ".Length, 2), unused.Location.SourceSpan);
        Assert.StartsWith("Parameter 'id' of method 'Store.Get'", unused.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HOLON004_HOLON005_names_in_strings_and_comments_are_not_parameters_either_way()
    {
        // Both the scanner and SQLite skip '@name' in a string literal and @x in a comment: one finding at most, never two.
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @id AND content <> '@content' -- @x")]
                public partial Block? Get(string id, string content);
            }
            """, prefix: "HOLON0");
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON005", d.Id);
        Assert.StartsWith("Parameter 'content'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void HOLON205_failing_migration_is_located_exactly_in_the_sql_file_with_lf_and_crlf(string newline)
    {
        string broken = string.Join(newline, "-- notes", "CREATE TABLE notes (id TEXT NOT NULL);", "",
            "  CREATE TABLE tags (note TEXT REFERENCES notes, tag TEXT NOT NULL;", "");
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks")]
                public partial List<Block> All();
            }
            """, MigrationFiles(("0001_create.sql", Create), ("0002_broken.sql", broken)));
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON205", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.True(MigrationPath("0002_broken.sql") == d.Location.GetLineSpan().Path, d.ToString());
        Assert.Contains("'0002_broken.sql' fails at line 4", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("syntax error", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // SQLite's error offset: the ';' where ')' was expected, line 4 column 67 (0-based 3 and 66) in either file,
        // in the text as written.
        var lines = d.Location.GetLineSpan();
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(3, 66), lines.StartLinePosition);
        int start = broken.IndexOf("NOT NULL;", broken.IndexOf("CREATE TABLE tags", StringComparison.Ordinal), StringComparison.Ordinal) + "NOT NULL".Length;
        Assert.Equal(new TextSpan(start, 1), d.Location.SourceSpan);
    }

    [Fact]
    public void HOLON206_once_when_there_are_no_migrations()
    {
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT nothing FROM nowhere")]
                public partial List<Block> All();
                [Query("SELECT id, content FROM blocks")]
                public partial List<Block> Other();
            }
            """, []);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON206", d.Id);
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Contains("no migrations found", d.GetMessage());
    }

    [Fact]
    public void Migrations_are_ordered_by_number_not_text()
    {
        // 10 adds a column to the table 9 creates: applied in text order ("10" < "9") it would fail with HOLON205.
        var (diagnostics, _) = Run("""
            public sealed record Note(string Id, string Body);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, body FROM notes")]
                public partial List<Note> All();
            }
            """, MigrationFiles(("10_body.sql", "ALTER TABLE notes ADD COLUMN body TEXT NOT NULL DEFAULT '';"),
                ("9_notes.sql", "CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL);"), ("notes.txt", "not a migration")));
        Assert.Empty(diagnostics);
    }
}
