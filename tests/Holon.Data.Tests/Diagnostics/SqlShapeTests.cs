using Holon.Data.Diagnostics;

namespace Holon.Data.Tests.Diagnostics;

/// <summary>What a span says about SQL (operation, single table, summary), without the SQL itself.</summary>
public sealed class SqlShapeTests
{
    [Theory]
    [InlineData("SELECT id FROM blocks WHERE id = @id", "SELECT", "blocks", "SELECT blocks")]
    [InlineData("  -- leading comment\n/* block */ select * from \"my blocks\"", "SELECT", "my blocks", "SELECT my blocks")]
    [InlineData("SELECT * FROM main.blocks", "SELECT", "main.blocks", "SELECT main.blocks")]
    [InlineData("SELECT * FROM [b] JOIN `t` ON 1", "SELECT", null, "SELECT b t")]
    [InlineData("SELECT * FROM a, b", "SELECT", null, "SELECT a b")]
    [InlineData("SELECT * FROM a WHERE x IN (SELECT y FROM b)", "SELECT", "a", "SELECT a")]
    [InlineData("INSERT INTO blocks (id) VALUES ('FROM x')", "INSERT", "blocks", "INSERT blocks")]
    [InlineData("UPDATE blocks SET content = 'a;b' WHERE id = 1", "UPDATE", "blocks", "UPDATE blocks")]
    [InlineData("DELETE FROM blocks; DROP TABLE other", "DELETE", "blocks", "DELETE blocks")]
    [InlineData("CREATE TABLE IF NOT EXISTS notes (id TEXT)", "CREATE", "notes", "CREATE notes")]
    [InlineData("PRAGMA user_version", "PRAGMA", null, "PRAGMA")]
    [InlineData("-- only a comment", null, null, "sqlite")]
    [InlineData("SELECT 1 FROM blocks b JOIN blocks c ON 1", "SELECT", "blocks", "SELECT blocks")]
    public void Operation_collection_and_summary(string sql, string? operation, string? collection, string summary)
    {
        var shape = SqlShape.Parse(sql);
        Assert.Equal(operation, shape.Operation);
        Assert.Equal(collection, shape.Collection);
        Assert.Equal(summary, shape.Summary);
    }

    [Fact]
    public void A_summary_never_exceeds_255_characters()
    {
        string sql = "SELECT * FROM " + string.Join(", ", Enumerable.Range(0, 100).Select(i => "table_number_" + i));
        Assert.Equal(255, SqlShape.Parse(sql).Summary.Length);
    }
}
