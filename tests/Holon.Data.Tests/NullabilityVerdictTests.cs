namespace Holon.Data.Tests;

/// <summary>One database for every case: the schema the nullability verdicts are judged against.</summary>
public sealed class NullabilitySchema : IAsyncDisposable
{
    private readonly TempDb _db = new();

    public NullabilitySchema()
    {
        _db.Exec("""
            CREATE TABLE blocks (id TEXT PRIMARY KEY NOT NULL, content TEXT NOT NULL, parent_id TEXT, position INTEGER NOT NULL);
            CREATE TABLE tags (block_id TEXT NOT NULL, tag TEXT NOT NULL);
            CREATE INDEX tags_by_block ON tags (block_id);
            CREATE TABLE labels (block_id TEXT NOT NULL, label TEXT NOT NULL);
            CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL, note TEXT) WITHOUT ROWID;
            CREATE VIEW tagged AS SELECT b.id, t.tag FROM blocks b LEFT JOIN tags t ON t.block_id = b.id;
            CREATE VIEW tagged_again AS SELECT id, tag FROM tagged;
            CREATE VIEW block_view AS SELECT id, content FROM blocks;
            """);
        Pool = new SqlitePool(_db.Options());
    }

    public SqlitePool Pool { get; }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        _db.Dispose();
    }
}

/// <summary>
/// The nullability verdict of one result column (HOLON203 into a non-nullable member, or not), case by case. The rule:
/// a column can be NULL unless the statement's program proves it cannot. SqlitePool.Verify and the build share the
/// checker, so these are the build's verdicts too.
/// </summary>
public sealed class NullabilityVerdictTests(NullabilitySchema schema) : IClassFixture<NullabilitySchema>
{
    [Theory]
    // NOT NULL origin columns, and the optional side of outer joins
    [InlineData("SELECT content FROM blocks", false)]
    [InlineData("SELECT parent_id FROM blocks", true)]
    [InlineData("SELECT t.tag FROM blocks b LEFT JOIN tags t ON t.block_id = b.id", true)]
    [InlineData("SELECT l.label FROM blocks b LEFT JOIN labels l ON l.block_id = b.id", true)]
    [InlineData("SELECT o.name FROM blocks b LEFT JOIN owners o ON o.id = b.position", true)]
    [InlineData("SELECT b.content FROM blocks b LEFT JOIN tags t ON t.block_id = b.id", false)]
    [InlineData("SELECT b.content FROM tags t RIGHT JOIN blocks b ON t.block_id = b.id", false)]
    [InlineData("SELECT t.tag FROM tags t RIGHT JOIN blocks b ON t.block_id = b.id", true)]
    [InlineData("SELECT b.content FROM blocks b FULL JOIN tags t ON t.block_id = b.id", true)]
    [InlineData("SELECT b.content FROM blocks b JOIN tags t ON t.block_id = b.id", false)]
    [InlineData("SELECT id FROM owners", false)]
    [InlineData("SELECT v FROM kv", false)]
    [InlineData("SELECT note FROM kv", true)]
    // views, up the chain
    [InlineData("SELECT tag FROM tagged", true)]
    [InlineData("SELECT id FROM tagged", false)]
    [InlineData("SELECT tag FROM tagged_again", true)]
    [InlineData("SELECT content FROM block_view", false)]
    [InlineData("SELECT s.n FROM blocks b LEFT JOIN (SELECT block_id, count(*) AS n FROM tags GROUP BY block_id) s ON s.block_id = b.id", true)]
    // aggregates
    [InlineData("SELECT max(position) FROM blocks", true)]
    [InlineData("SELECT sum(position) FROM blocks", true)]
    [InlineData("SELECT group_concat(tag) FROM tags", true)]
    [InlineData("SELECT count(*) FROM blocks", false)]
    [InlineData("SELECT count(parent_id) FROM blocks GROUP BY content", false)]
    [InlineData("SELECT total(position) FROM blocks", false)]
    [InlineData("SELECT row_number() OVER (ORDER BY position) FROM blocks", false)]
    // expressions
    [InlineData("SELECT (SELECT content FROM blocks WHERE id = 'x')", true)]
    [InlineData("SELECT CASE WHEN position > 1 THEN 'a' END FROM blocks", true)]
    [InlineData("SELECT CASE WHEN position > 1 THEN 'a' ELSE 'b' END FROM blocks", false)]
    [InlineData("SELECT nullif(content, 'x') FROM blocks", true)]
    [InlineData("SELECT json_extract(content, '$.a') FROM blocks", true)]
    [InlineData("SELECT coalesce(parent_id, 'root') FROM blocks", false)]
    [InlineData("SELECT coalesce(parent_id, content) FROM blocks", false)]
    [InlineData("SELECT coalesce(parent_id, parent_id) FROM blocks", true)]
    [InlineData("SELECT ifnull(parent_id, '') FROM blocks", false)]
    [InlineData("SELECT position + 1 FROM blocks", false)]
    [InlineData("SELECT position + length(parent_id) FROM blocks", true)]
    [InlineData("SELECT position / 2 FROM blocks", true)]
    [InlineData("SELECT upper(content) FROM blocks", false)]
    [InlineData("SELECT content || '!' FROM blocks", false)]
    [InlineData("SELECT 42", false)]
    [InlineData("SELECT NULL", true)]
    // sorting, compounds, CTEs, RETURNING
    [InlineData("SELECT content FROM blocks ORDER BY position", false)]
    [InlineData("SELECT parent_id FROM blocks ORDER BY position", true)]
    [InlineData("SELECT DISTINCT content FROM blocks", false)]
    [InlineData("SELECT id FROM blocks UNION SELECT parent_id FROM blocks", true)]
    [InlineData("SELECT id FROM blocks UNION ALL SELECT content FROM blocks", false)]
    [InlineData("WITH c AS MATERIALIZED (SELECT content FROM blocks) SELECT content FROM c", false)]
    [InlineData("SELECT id FROM blocks WHERE id IN (SELECT block_id FROM tags)", false)]
    [InlineData("INSERT INTO tags (block_id, tag) VALUES ('a', 'b') RETURNING tag", false)]
    public void Verdict(string sql, bool canBeNull)
    {
        var statement = new StatementDefinition(sql, sql.StartsWith("INSERT", StringComparison.Ordinal) ? StatementKind.Command : StatementKind.Query,
            [], [], "App.Cases.Value", [new ResultMemberInfo("", "string", "String", isNullable: false, isRequired: true)]);

        var findings = schema.Pool.Verify([statement]).Findings;

        Assert.DoesNotContain(findings, f => f.Id == "HOLON200");
        Assert.True(canBeNull == findings.Any(f => f.Id == "HOLON203"), string.Join("\n", findings));
    }
}

/// <summary>HOLON211 at test time: an expression whose value is always one storage class, read into a member that cannot hold it.</summary>
public sealed class ExpressionTypeVerifyTests(NullabilitySchema schema) : IClassFixture<NullabilitySchema>
{
    [Theory]
    [InlineData("SELECT upper(content) AS value FROM blocks", "Int64", "long", true)]
    [InlineData("SELECT upper(content) AS value FROM blocks", "String", "string", false)]
    [InlineData("SELECT length(content) FROM blocks", "Int64", "long", false)]
    [InlineData("SELECT 'x' || content FROM blocks", "Double", "double", true)]
    [InlineData("SELECT CASE WHEN position > 0 THEN 'a' ELSE 1 END FROM blocks", "Int64", "long", false)]
    public void An_expression_of_a_certain_type_is_checked_against_the_member(string sql, string kind, string typeName, bool reported)
    {
        var statement = new StatementDefinition(sql, StatementKind.Query, [], [], "App.Cases.Value",
            [new ResultMemberInfo("", typeName, kind, isNullable: true, isRequired: true)]);

        var findings = schema.Pool.Verify([statement]).Findings;

        Assert.True(reported == findings.Any(f => f.Id == "HOLON211"), string.Join("\n", findings));
        if (reported) Assert.Contains("is an expression whose value is always", findings.Single(f => f.Id == "HOLON211").Message);
    }
}
