using Holon.Data.Watching;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests.Watch;

public sealed class ReadSetLearnerTests : IDisposable
{
    private readonly WatchTestDb _db = new();
    private readonly SqliteConnection _c;

    public ReadSetLearnerTests()
    {
        _c = _db.OpenRaw();
        WatchTestDb.Exec(_c, """
            CREATE TABLE blocks(id TEXT PRIMARY KEY, parent_id TEXT, content TEXT, sort_key INT);
            CREATE TABLE tags(block_id TEXT, tag TEXT);
            CREATE TABLE other(x INT);
            CREATE VIEW tagged AS SELECT b.id, t.tag FROM blocks b JOIN tags t ON t.block_id = b.id;
            """);
    }

    [Theory]
    [InlineData("SELECT id, content FROM blocks WHERE parent_id = @p ORDER BY sort_key", "blocks")]
    [InlineData("SELECT count(*) FROM blocks", "blocks")]
    [InlineData("SELECT b.id FROM blocks b JOIN tags t ON t.block_id = b.id", "blocks,tags")]
    [InlineData("SELECT id FROM blocks WHERE id IN (SELECT block_id FROM tags)", "blocks,tags")]
    [InlineData("WITH r AS (SELECT id FROM blocks) SELECT * FROM r", "blocks")]
    [InlineData("SELECT * FROM tagged", "blocks,tagged,tags")]
    [InlineData("SELECT EXISTS(SELECT 1 FROM tags)", "tags")]
    [InlineData("SELECT 1", "")]
    public void LearnsTablesFromSqlite(string sql, string expected)
    {
        var tables = ReadSetLearner.Learn(_c.Handle!, sql, "Test.Method");
        Assert.Equal(expected, string.Join(",", tables));
        Assert.DoesNotContain("other", tables);
    }

    [Fact]
    public void BadSql_ThrowsWithOriginAndSql_AndLeavesNoAuthorizer()
    {
        var ex = Assert.Throws<SqliteException>(() => ReadSetLearner.Learn(_c.Handle!, "SELECT nope FROM blocks", "App.Store.WatchX"));
        Assert.Contains("no such column", ex.Message);
        Assert.Contains("App.Store.WatchX", ex.Message);
        Assert.Contains("SELECT nope FROM blocks", ex.Message);
        // The connection still works normally afterwards.
        WatchTestDb.Exec(_c, "INSERT INTO other VALUES (1)");
    }

    public void Dispose()
    {
        _c.Dispose();
        _db.Dispose();
    }
}
