using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public sealed record ArrayRow(long Id, string[] Tags, List<long> Scores, IReadOnlyList<string> Names, IReadOnlyList<long>? Maybe);

public sealed record NullableElements(string?[] Tags, List<long?> Gaps);

public sealed record StrictTags(string[] Tags);

public sealed record StrictScores(long[] Scores);

public sealed record OptionalTags(string[]? Tags);

public sealed record WrongElementType(long[] Tags);

/// <summary>
/// Array columns on PostgreSQL. A member, tuple element or row value of type T[], List&lt;T&gt; or IReadOnlyList&lt;T&gt;
/// reads one array column; a List&lt;T&gt;, IReadOnlyList&lt;T&gt; or T[] at the top of the return type is every row.
/// </summary>
public sealed partial class ArrayStore(NpgsqlDataSource db)
{
    public const string RowSql = "SELECT 1::bigint AS id, ARRAY['a', 'b']::text[] AS tags, ARRAY[1, 2, 3]::int8[] AS scores, "
        + "ARRAY['x']::text[] AS names, NULL::int8[] AS maybe";

    [Query(RowSql)]
    public partial Task<ArrayRow> RowAsync(CancellationToken ct = default);

    [Query("SELECT ARRAY['a', NULL]::text[] AS tags, ARRAY[1, NULL]::int8[] AS gaps")]
    public partial Task<NullableElements> NullableElementsAsync(CancellationToken ct = default);

    [Query("SELECT ARRAY['a', NULL]::text[] AS tags")]
    public partial Task<StrictTags> NullTextElementAsync(CancellationToken ct = default);

    [Query("SELECT ARRAY[1, NULL]::int8[] AS scores")]
    public partial Task<StrictScores> NullLongElementAsync(CancellationToken ct = default);

    [Query("SELECT NULL::text[] AS tags")]
    public partial Task<OptionalTags> NullArrayAsync(CancellationToken ct = default);

    [Query("SELECT NULL::text[] AS tags")]
    public partial Task<StrictTags> NullArrayIntoRequiredAsync(CancellationToken ct = default);

    [Query("SELECT ARRAY['a']::text[] AS tags")]
    public partial Task<WrongElementType> MismatchAsync(CancellationToken ct = default);

    [Query("SELECT tags FROM (VALUES (1, ARRAY['a', 'b']::text[]), (2, ARRAY['c']::text[])) AS t(id, tags) ORDER BY id")]
    public partial Task<List<string[]>> TagsPerRowAsync(CancellationToken ct = default);

    [Query("SELECT scores FROM (VALUES (1, ARRAY[1, 2]::int8[]), (2, ARRAY[]::int8[])) AS t(id, scores) ORDER BY id")]
    public partial Task<IReadOnlyList<List<long>>> ScoresPerRowAsync(CancellationToken ct = default);

    [Query("SELECT tag FROM unnest(ARRAY['b', 'a']::text[]) AS tag ORDER BY tag")]
    public partial Task<string[]> EveryTagAsync(CancellationToken ct = default);

    [Query("SELECT tags FROM (VALUES (ARRAY['a', 'b']::text[])) AS t(tags) WHERE @found")]
    public partial Task<StrictTags?> OneArrayAsync(bool found, CancellationToken ct = default);

    [Query("SELECT 5::bigint AS id, @tags::text[] AS tags")]
    public partial Task<(long Id, List<string> Tags)> EchoAsync(string[] tags, CancellationToken ct = default);

    [Query("SELECT id FROM unnest(ARRAY[1, 2, 3]::int8[]) AS id WHERE id = ANY(@ids) ORDER BY id")]
    public partial Task<List<long>> AnyOfAsync(long[] ids, CancellationToken ct = default);

    [Query("SELECT ARRAY[id, id * 10]::int8[] FROM generate_series(1, 2) AS id ORDER BY id")]
    public partial IAsyncEnumerable<long[]> StreamAsync(CancellationToken ct = default);
}

public sealed class ArrayColumnTests(PgFixture pg)
{
    const string Type = "Holon.Data.Npgsql.Tests.ArrayStore.";

    ArrayStore Store()
    {
        pg.Require();
        return new ArrayStore(pg.Primary);
    }

    [Fact]
    public async Task Array_List_and_IReadOnlyList_members_read_text_and_int8_arrays()
    {
        var row = await Store().RowAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, row.Id);
        Assert.Equal(["a", "b"], row.Tags);
        Assert.Equal([1L, 2L, 3L], row.Scores);
        Assert.Equal(["x"], row.Names);
        Assert.Null(row.Maybe);
    }

    [Fact]
    public async Task Nullable_element_types_take_NULL_elements()
    {
        var row = await Store().NullableElementsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["a", null], row.Tags);
        Assert.Equal([1L, null], row.Gaps);
    }

    [Fact]
    public async Task A_NULL_element_in_non_nullable_strings_names_the_column()
    {
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => Store().NullTextElementAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("Column 'tags' (text[]) of " + Type + "NullTextElementAsync holds NULL at element 2, which member 'Tags'", e.Message);
        Assert.EndsWith("SQL: SELECT ARRAY['a', NULL]::text[] AS tags", e.Message);
    }

    [Fact]
    public async Task A_NULL_element_in_non_nullable_longs_names_the_column()
    {
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => Store().NullLongElementAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("Column 'scores' (bigint[]) of " + Type + "NullLongElementAsync cannot be read into member 'Scores'", e.Message);
        Assert.EndsWith("SQL: SELECT ARRAY[1, NULL]::int8[] AS scores", e.Message);
    }

    [Fact]
    public async Task A_NULL_array_gives_null_in_a_nullable_member_and_the_NULL_error_in_a_required_one()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Null((await Store().NullArrayAsync(ct)).Tags);
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => Store().NullArrayIntoRequiredAsync(ct));
        Assert.Equal("Column 'tags' is NULL but member 'Tags' of " + Type + "NullArrayIntoRequiredAsync is not nullable. "
            + "SQL: SELECT NULL::text[] AS tags", e.Message);
    }

    [Fact]
    public async Task A_text_array_read_as_longs_names_the_column_its_type_the_method_and_the_SQL()
    {
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => Store().MismatchAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("Column 'tags' (text[]) of " + Type + "MismatchAsync cannot be read into member 'Tags' (Int64[])", e.Message);
        Assert.EndsWith("SQL: SELECT ARRAY['a']::text[] AS tags", e.Message);
    }

    [Fact]
    public async Task A_list_of_arrays_reads_each_rows_array()
    {
        var ct = TestContext.Current.CancellationToken;
        var tags = await Store().TagsPerRowAsync(ct);
        Assert.Equal(2, tags.Count);
        Assert.Equal(["a", "b"], tags[0]);
        Assert.Equal(["c"], tags[1]);
        var scores = await Store().ScoresPerRowAsync(ct);
        Assert.Equal([1L, 2L], scores[0]);
        Assert.Empty(scores[1]);
    }

    [Fact]
    public async Task A_list_at_the_top_is_every_row()
    {
        Assert.Equal(["a", "b"], await Store().EveryTagAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task One_array_value_is_a_row_with_an_array_member()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(["a", "b"], (await Store().OneArrayAsync(true, ct))!.Tags);
        Assert.Null(await Store().OneArrayAsync(false, ct));
    }

    [Fact]
    public async Task Arrays_bind_as_parameters_and_read_back_into_tuples()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, tags) = await Store().EchoAsync(["p", "q"], ct);
        Assert.Equal(5, id);
        Assert.Equal(["p", "q"], tags);
        Assert.Equal([1L, 3L], await Store().AnyOfAsync([3, 1, 9], ct));
    }

    [Fact]
    public async Task A_stream_of_arrays_reads_each_rows_array()
    {
        var rows = new List<long[]>();
        await foreach (var row in Store().StreamAsync(TestContext.Current.CancellationToken)) rows.Add(row);
        Assert.Equal([1L, 10L], rows[0]);
        Assert.Equal([2L, 20L], rows[1]);
    }
}
