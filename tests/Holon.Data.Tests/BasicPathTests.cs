namespace Holon.Data.Tests;

public class BasicPathTests
{
    private static readonly StatementDefinition GetBlock = new(
        "SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id",
        StatementKind.Query, ["@id"], ["Id", "ParentId", "Content", "SortKey"], "Tests.BasicPath.GetBlock");

    private static readonly StatementDefinition InsertBlock = new(
        "INSERT INTO blocks (id, parent_id, content, sort_key) VALUES (@id, @parentId, @content, @sortKey)",
        StatementKind.Command, ["@id", "@parentId", "@content", "@sortKey"], [], "Tests.BasicPath.InsertBlock");

    [Fact]
    public async Task WriteThenReadPointLookup()
    {
        using var db = new TempDb();
        await using (var pool = new SqlitePool(db.Options()))
        {
            using (var w = await pool.RentWriterAsync(TestContext.Current.CancellationToken))
            {
                Assert.True(w.IsWriter);
                w.Execute("CREATE TABLE blocks (id TEXT PRIMARY KEY, parent_id TEXT, content TEXT NOT NULL, sort_key INTEGER NOT NULL)");
                using var s = w.Statement(InsertBlock, TestContext.Current.CancellationToken);
                s.BindText(0, "a");
                s.BindNull(1);
                s.BindText(2, "hello ✓");
                s.BindInt64(3, 42);
                Assert.False(s.Step());
                Assert.Equal(1, s.Changes);
                Assert.Equal(1, s.LastInsertRowId);
            }

            using (var r = pool.RentReader(TestContext.Current.CancellationToken))
            {
                Assert.False(r.IsWriter);
                using var s = r.Statement(GetBlock, TestContext.Current.CancellationToken);
                s.BindText(0, "a");
                Assert.True(s.Step());
                int o0 = s.RequiredOrdinal(0), o1 = s.RequiredOrdinal(1), o2 = s.RequiredOrdinal(2), o3 = s.RequiredOrdinal(3);
                Assert.Equal((0, 1, 2, 3), (o0, o1, o2, o3));
                Assert.Equal("a", s.GetString(o0));
                Assert.True(s.IsNull(o1));
                Assert.Equal("hello ✓", s.GetString(o2));
                Assert.Equal(42, s.GetInt32(o3));
                Assert.Equal(4, s.ColumnCount);
                Assert.Equal("parent_id", s.GetColumnName(1));
                Assert.IsType<InvalidCastException>(s.NullColumn(o1, "ParentId"));
                Assert.False(s.Step());
            }
        }
    }
}
