using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Holon.Gen.Tests;

/// <summary>
/// Migration diagnostics that must say the right thing: HOLON024 (transaction control), HOLON023 beside a refused file,
/// HOLON205 without any statement to verify and at the token SQLite points at.
/// </summary>
public sealed class MigrationDiagnosticsTests
{
    private const string Create = "CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL);\n";

    private sealed class Options(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values([]);
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static string PathOf(string name) => Path.Combine("/project", "Migrations", name);

    /// <summary>Every HOLON diagnostic of a project holding <paramref name="source"/> and these migration files.</summary>
    private static List<Diagnostic> Run(string source, params (string Name, string Text)[] files)
    {
        var texts = files.Select(f => (AdditionalText)new Text(PathOf(f.Name), f.Text)).ToArray();
        var driver = CSharpGeneratorDriver.Create(
            [new HolonGenerator().AsSourceGenerator()], texts, GeneratorHarness.ParseOptions,
            new Options(new() { ["build_property.HolonSqliteNativeDirectory"] = AppContext.BaseDirectory }));
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out _, out var diagnostics, TestContext.Current.CancellationToken);
        return diagnostics.Where(d => d.Id.StartsWith("HOLON", StringComparison.Ordinal)).ToList();
    }

    private const string NoStatements = "namespace App; public static class Marker { }";

    private const string OneQuery = """
        using System.Collections.Generic;
        using Holon.Data;
        namespace App;
        public sealed record Note(string Id, string Body);
        public sealed partial class Store(SqlitePool pool)
        {
            [Query("SELECT id, body FROM notes")]
            public partial List<Note> All();
        }
        """;

    private static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("CREATE TABLE a(x);\nCOMMIT;\nCREATE TABLE b(x);\n", "COMMIT", 2)]
    [InlineData("-- start\nbegin transaction;\nCREATE TABLE a(x);\n", "BEGIN", 2)]
    [InlineData("CREATE TABLE a(x);\n  END;\n", "END", 2)]
    [InlineData("SAVEPOINT s;\nCREATE TABLE a(x);\nRELEASE s;\n", "SAVEPOINT", 1)]
    [InlineData("CREATE TABLE a(x);\n/* undo */ ROLLBACK;\n", "ROLLBACK", 2)]
    public void HOLON024_transaction_control_in_a_migration_is_located_at_its_keyword(string sql, string keyword, int line)
    {
        var diagnostics = Run(OneQuery, ("0001_create.sql", Create), ("0002_bad.sql", sql));

        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON024", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith("HOLON024.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Contains($"line {line.ToString(CultureInfo.InvariantCulture)}: {keyword} is transaction control, which is not allowed in a migration", Message(d), StringComparison.Ordinal);
        Assert.DoesNotContain("cannot commit", Message(d), StringComparison.Ordinal);
        var span = d.Location.GetLineSpan();
        Assert.Equal(PathOf("0002_bad.sql"), span.Path);
        Assert.Equal(line - 1, span.StartLinePosition.Line);
        Assert.Equal(keyword, sql.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length).ToUpperInvariant());
    }

    [Fact]
    public void HOLON024_not_for_a_trigger_body_or_words_in_literals()
    {
        const string trigger = """
            CREATE TRIGGER notes_touch AFTER INSERT ON notes
            BEGIN
                UPDATE notes SET body = CASE WHEN new.body = '' THEN 'empty' ELSE new.body END WHERE id = new.id;
            END;
            INSERT INTO notes(id, body) VALUES ('COMMIT', 'BEGIN; END');
            """;
        Assert.Empty(Run(OneQuery, ("0001_create.sql", Create), ("0002_trigger.sql", trigger)));
    }

    [Fact]
    public void HOLON023_does_not_claim_a_version_has_no_file_when_its_file_was_refused()
    {
        var diagnostics = Run(NoStatements, ("0001_create.sql", Create), ("0002_later.sql", "-- nothing yet\n"),
            ("0003_more.sql", "ALTER TABLE notes ADD COLUMN extra TEXT;"));
        Assert.Equal(["HOLON022"], diagnostics.Select(d => d.Id).Where(id => id.StartsWith("HOLON02", StringComparison.Ordinal)));

        // A real hole beside a refused file: the version named is the one with no file at all.
        var hole = Run(NoStatements, ("0001_create.sql", Create), ("0002_later.sql", "-- nothing yet\n"),
            ("0004_more.sql", "ALTER TABLE notes ADD COLUMN extra TEXT;"));
        var gap = Assert.Single(hole, d => d.Id == "HOLON023");
        Assert.Contains("has version 4, but no file has version 3", Message(gap), StringComparison.Ordinal);
    }

    [Fact]
    public void HOLON205_is_reported_when_the_project_has_no_query_or_command()
    {
        var diagnostics = Run(NoStatements, ("0001_create.sql", Create), ("0002_broken.sql", "ALTER TABLE nowhere ADD COLUMN x TEXT;\n"));

        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON205", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("no such table: nowhere", Message(d), StringComparison.Ordinal);
    }

    [Fact]
    public void HOLON206_is_not_reported_when_the_project_has_no_statements_to_verify()
    {
        Assert.Empty(Run(NoStatements));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void HOLON205_points_at_the_token_sqlite_reports(string newline)
    {
        string broken = string.Join(newline, "-- tags", "CREATE TABLE tags (note TEXT NOT NULL,", "  tag TEXT NOT NULL);",
            "CREATE INDEX tags_by_note ON tags (note, missing_column, tag);", "");
        var d = Assert.Single(Run(NoStatements, ("0001_create.sql", Create), ("0002_broken.sql", broken)));

        Assert.Equal("HOLON205", d.Id);
        Assert.Contains("fails at line 4", Message(d), StringComparison.Ordinal);
        Assert.Contains("missing_column", Message(d), StringComparison.Ordinal);
        int at = broken.IndexOf("missing_column", StringComparison.Ordinal);
        Assert.Equal(new TextSpan(at, "missing_column".Length), d.Location.SourceSpan);
        Assert.Equal(new LinePosition(3, "CREATE INDEX tags_by_note ON tags (note, ".Length), d.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void HOLON205_covers_the_statement_when_sqlite_gives_no_offset()
    {
        // A constraint fails while the statement runs: SQLite reports no offset, so the whole statement is the location.
        const string failing = "INSERT INTO notes (id, body) VALUES ('a', 'x');\nINSERT INTO notes (id, body) VALUES ('b', NULL);\n";
        var d = Assert.Single(Run(NoStatements, ("0001_create.sql", Create), ("0002_rows.sql", failing)));

        Assert.Equal("HOLON205", d.Id);
        Assert.Contains("fails at line 2", Message(d), StringComparison.Ordinal);
        Assert.Contains("NOT NULL constraint failed", Message(d), StringComparison.Ordinal);
        int start = failing.IndexOf("INSERT INTO notes (id, body) VALUES ('b'", StringComparison.Ordinal);
        Assert.Equal(start, d.Location.SourceSpan.Start);
        Assert.Equal("INSERT INTO notes (id, body) VALUES ('b', NULL);", failing.Substring(start, d.Location.SourceSpan.Length).TrimEnd());
    }
}
