namespace Holon.Gen.Tests;

/// <summary>Bulk commands: a list of rows that cannot be a bulk source, and a collection that is neither kind of list.</summary>
public sealed partial class DiagnosticTests
{
    [Fact]
    public void HOLON051_a_collection_of_neither_scalars_nor_rows_says_which_two_it_could_have_been()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command("INSERT INTO blocks (id) VALUES (@items)")]
                public partial int InsertMany(List<object> items);
            }
            """, "HOLON051", "items", 4);
        Assert.Contains("IN-list", d.GetMessage());
        Assert.Contains("bulk [Command]", d.GetMessage());
        Assert.Contains("'object'", d.GetMessage());
    }

    [Fact]
    public void HOLON052_a_list_of_rows_in_a_query()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE id = @Id")]
                public partial List<Block> Get(IReadOnlyList<Block> blocks);
            }
            """, "HOLON052", "blocks", 4);
        Assert.Contains("only in a [Command]", d.GetMessage());
    }

    [Fact]
    public void HOLON052_a_bulk_command_returning_rows()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command("INSERT INTO blocks (id, content) VALUES (@Id, @Content) RETURNING id")]
                public partial List<string> InsertMany(IReadOnlyList<Block> blocks);
            }
            """, "HOLON052", "blocks", 4);
        Assert.Contains("total rows affected", d.GetMessage());
    }

    [Fact]
    public void HOLON052_an_async_source_with_a_synchronous_result()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command("INSERT INTO blocks (id, content) VALUES (@Id, @Content)")]
                public partial int InsertMany(IAsyncEnumerable<Block> blocks);
            }
            """, "HOLON052", "blocks", 4);
        Assert.Contains("IAsyncEnumerable<T>", d.GetMessage());
    }

    [Fact]
    public void HOLON052_rows_beside_an_object_parameter()
    {
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command("INSERT INTO blocks (id, content) VALUES (@Id, @Content)")]
                public partial int InsertMany(Block first, IReadOnlyList<Block> blocks);
            }
            """, "HOLON052", "blocks", 4);
        Assert.Contains("object parameter 'first'", d.GetMessage());
    }
}
