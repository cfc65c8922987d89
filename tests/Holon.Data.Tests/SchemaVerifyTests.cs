namespace Holon.Data.Tests;

/// <summary>SqlitePool.Verify against a real file whose schema drifted from what the statements expect.</summary>
public sealed class SchemaVerifyTests
{
    private static readonly StatementDefinition Get = new("SELECT id, title, parent_id FROM notes WHERE id = @id", StatementKind.Query,
        ["@id"], ["Id", "Title", "ParentId"], "App.NoteStore.Get",
        [
            new ResultMemberInfo("Id", "string", "String", isNullable: false, isRequired: true),
            new ResultMemberInfo("Title", "string", "String", isNullable: false, isRequired: true),
            new ResultMemberInfo("ParentId", "string?", "String", isNullable: true, isRequired: true),
        ]);

    private static readonly StatementDefinition Count = new("SELECT count(*) FROM notes", StatementKind.Query, [], [], "App.NoteStore.Count",
        [new ResultMemberInfo("", "long", "Int64", isNullable: false, isRequired: true)]);

    private static readonly StatementDefinition Rename = new("UPDATE notes SET title = @title WHERE id = @id", StatementKind.Command,
        ["@title", "@id"], [], "App.NoteStore.Rename");

    // Aliased in SQL, matched with the runtime's rules (case- and underscore-insensitive).
    private static readonly StatementDefinition Summaries = new("SELECT id, title AS display_name, rank FROM notes", StatementKind.Query,
        [], ["Id", "DisplayName", "Rank"], "App.NoteStore.Summaries",
        [
            new ResultMemberInfo("Id", "string", "String", isNullable: false, isRequired: true),
            new ResultMemberInfo("DisplayName", "string", "String", isNullable: false, isRequired: true),
            new ResultMemberInfo("Rank", "int", "Int32", isNullable: false, isRequired: true),
        ]);

    private static readonly StatementDefinition[] All = [Get, Count, Rename, Summaries];

    [Fact]
    public async Task A_matching_schema_has_no_findings()
    {
        using var db = new TempDb();
        db.Exec("CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, parent_id TEXT, rank INTEGER NOT NULL)");
        await using var pool = new SqlitePool(db.Options());

        var result = pool.Verify(All);

        Assert.True(result.IsValid, string.Join("\n", result.Findings));
        Assert.Equal(4, result.Statements);
        result.ThrowIfInvalid();
    }

    [Fact]
    public async Task A_drifted_schema_reports_every_finding_with_its_origin()
    {
        using var db = new TempDb();
        // Drift: 'title' renamed to 'name', 'rank' became TEXT and nullable, a column was added that nobody reads.
        db.Exec("""
            CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, parent_id TEXT, rank TEXT);
            """);
        await using var pool = new SqlitePool(db.Options());

        var result = pool.Verify(All);

        Assert.False(result.IsValid);
        var byOrigin = result.Findings.ToLookup(f => f.Origin);
        var get = Assert.Single(byOrigin["App.NoteStore.Get"]);
        Assert.Equal("HOLON200", get.Id);
        Assert.Contains("no such column: title", get.Message);
        Assert.Equal("HOLON200", Assert.Single(byOrigin["App.NoteStore.Rename"]).Id);
        Assert.Empty(byOrigin["App.NoteStore.Count"]);
        Assert.Equal("HOLON200", Assert.Single(byOrigin["App.NoteStore.Summaries"]).Id);

        var e = Assert.Throws<SchemaVerificationException>(result.ThrowIfInvalid);
        Assert.Equal(3, e.Findings.Count);
        Assert.Contains("App.NoteStore.Rename", e.Message);
        Assert.Contains("App.NoteStore.Summaries", e.Message);
    }

    [Fact]
    public async Task Member_checks_find_missing_unread_nullable_and_mistyped_columns()
    {
        using var db = new TempDb();
        db.Exec("CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, parent_id TEXT, rank TEXT, extra TEXT)");
        await using var pool = new SqlitePool(db.Options());
        var drifted = new StatementDefinition("SELECT id, title AS heading, rank, extra FROM notes", StatementKind.Query,
            [], ["Id", "DisplayName", "Rank"], "App.NoteStore.Drifted",
            [
                new ResultMemberInfo("Id", "string", "String", isNullable: false, isRequired: true),
                new ResultMemberInfo("DisplayName", "string", "String", isNullable: false, isRequired: true),
                new ResultMemberInfo("Rank", "int", "Int32", isNullable: false, isRequired: true),
            ]);

        var findings = pool.Verify([drifted]).Findings;

        Assert.Equal(["HOLON201", "HOLON203", "HOLON204", "HOLON202", "HOLON202"], findings.Select(f => f.Id));
        Assert.Contains("'DisplayName'", findings[0].Message);
        Assert.Contains("id, heading, rank, extra", findings[0].Message);
        Assert.Contains("'rank'", findings[1].Message);
        Assert.Contains("'TEXT'", findings[2].Message);
        Assert.Contains("'heading'", findings[3].Message);
        Assert.Contains("'extra'", findings[4].Message);
    }

    [Fact]
    public async Task Names_only_definitions_report_unread_columns()
    {
        using var db = new TempDb();
        db.Exec("CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL)");
        await using var pool = new SqlitePool(db.Options());
        var legacy = new StatementDefinition("SELECT id, title AS heading FROM notes", StatementKind.Query, [], ["Id", "Title"], "App.Legacy.All");

        var finding = Assert.Single(pool.Verify([legacy]).Findings);

        Assert.Equal("HOLON202", finding.Id);
        Assert.Contains("'heading'", finding.Message);
    }

    [Fact]
    public async Task Two_columns_for_one_member_are_HOLON207_naming_both_positions()
    {
        using var db = new TempDb();
        db.Exec("CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, parent_id TEXT, rank INTEGER NOT NULL)");
        await using var pool = new SqlitePool(db.Options());
        var twice = new StatementDefinition("SELECT n.id, n.title, p.title AS Title, n.parent_id FROM notes n JOIN notes p ON p.id = n.parent_id",
            StatementKind.Query, [], ["Id", "Title", "ParentId"], "App.NoteStore.WithParent", [.. Get.ResultShape!]);

        var finding = Assert.Single(pool.Verify([twice]).Findings);

        Assert.Equal("HOLON207", finding.Id);
        Assert.Contains("'title' at position 1 and 'Title' at position 2", finding.Message);
    }
}
