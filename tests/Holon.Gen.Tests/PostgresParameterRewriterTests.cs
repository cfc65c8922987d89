using Holon.Gen.Sql;

namespace Holon.Gen.Tests;

public sealed class PostgresParameterRewriterTests
{
    static void Check(string sql, string expected, params string[] names)
    {
        var result = PostgresParameterRewriter.Rewrite(sql);
        Assert.Equal(expected, result.Sql);
        Assert.Equal(names, result.Parameters);
    }

    [Fact]
    public void Named_parameters_become_positions_in_order_of_first_use() => Check(
        "UPDATE orders SET total = @total WHERE id = @id AND (@total > 0 OR id = @id)",
        "UPDATE orders SET total = $1 WHERE id = $2 AND ($1 > 0 OR id = $2)",
        "total", "id");

    [Fact]
    public void Colon_and_dollar_prefixes_name_the_same_parameters() => Check(
        "SELECT * FROM t WHERE a = :a AND b = $b AND c = @a",
        "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $1",
        "a", "b");

    [Theory]
    [InlineData("SELECT '@a :b $c', @x", "SELECT '@a :b $c', $1")]
    [InlineData("SELECT 'it''s @a', @x", "SELECT 'it''s @a', $1")]
    [InlineData("SELECT E'it\\'s @a', @x", "SELECT E'it\\'s @a', $1")]
    [InlineData("SELECT e'\\\\', @x", "SELECT e'\\\\', $1")]
    [InlineData("SELECT \"col @a\", \"a\"\"@b\" FROM t WHERE x = @x", "SELECT \"col @a\", \"a\"\"@b\" FROM t WHERE x = $1")]
    [InlineData("SELECT $$ @a :b $$, @x", "SELECT $$ @a :b $$, $1")]
    [InlineData("SELECT $body$ it's @a $$ $body$, @x", "SELECT $body$ it's @a $$ $body$, $1")]
    [InlineData("SELECT 1 -- @a :b\n, @x", "SELECT 1 -- @a :b\n, $1")]
    [InlineData("SELECT /* @a /* nested @b */ still @c */ @x", "SELECT /* @a /* nested @b */ still @c */ $1")]
    public void Literals_identifiers_dollar_quotes_and_comments_are_left_alone(string sql, string expected) => Check(sql, expected, "x");

    [Theory]
    [InlineData("SELECT @x::bigint, created::date, '1'::text::int", "SELECT $1::bigint, created::date, '1'::text::int")]
    [InlineData("SELECT CAST(@x AS int)::numeric(10, 2)", "SELECT CAST($1 AS int)::numeric(10, 2)")]
    [InlineData("SELECT tags @> ARRAY[@x] AND tags <@ b AND doc @@ q AND doc ? 'k' AND doc ?| b", "SELECT tags @> ARRAY[$1] AND tags <@ b AND doc @@ q AND doc ? 'k' AND doc ?| b")]
    [InlineData("SELECT arr[lo:hi], arr[1:2] FROM t WHERE id = :x", "SELECT arr[lo:hi], arr[1:2] FROM t WHERE id = $1")]
    [InlineData("SELECT a$b, price$ FROM t WHERE x = @x", "SELECT a$b, price$ FROM t WHERE x = $1")]
    [InlineData("SELECT make_interval(days => 1), f(a := 2) WHERE x = @x", "SELECT make_interval(days => 1), f(a := 2) WHERE x = $1")]
    public void Casts_operators_slices_and_identifiers_are_left_alone(string sql, string expected) => Check(sql, expected, "x");

    [Fact]
    public void Existing_positional_parameters_are_kept_and_reported()
    {
        var plain = PostgresParameterRewriter.Rewrite("SELECT $1, $12 FROM t");
        Assert.Equal("SELECT $1, $12 FROM t", plain.Sql);
        Assert.Empty(plain.Parameters);
        Assert.Equal(12, plain.HighestPositional);

        var mixed = PostgresParameterRewriter.Rewrite("SELECT $1, @a");
        Assert.Equal("SELECT $1, $1", mixed.Sql); // a collision the parser must report: HighestPositional says so
        Assert.Equal(1, mixed.HighestPositional);
        Assert.Equal(["a"], mixed.Parameters);
    }

    [Fact]
    public void Names_are_case_sensitive_and_may_hold_digits_underscores_and_letters()
    {
        Check("SELECT @Id, @id, @_x1, @ünï", "SELECT $1, $2, $3, $4", "Id", "id", "_x1", "ünï");
    }

    [Theory]
    [InlineData("SELECT 'open @a")]
    [InlineData("SELECT \"open @a")]
    [InlineData("SELECT $$ open @a")]
    [InlineData("SELECT /* open @a")]
    [InlineData("SELECT 1 -- @a")]
    public void Unterminated_text_is_copied_without_parameters(string sql) => Check(sql, sql);

    [Fact]
    public void Lone_prefixes_are_not_parameters() => Check("SELECT @ -5, 1 : 2, $ , @1", "SELECT @ -5, 1 : 2, $ , @1");

    [Fact]
    public void Results_compare_by_value()
    {
        Assert.Equal(PostgresParameterRewriter.Rewrite("SELECT @a"), PostgresParameterRewriter.Rewrite("SELECT @a"));
        Assert.Equal(PostgresParameterRewriter.Rewrite("SELECT @a").GetHashCode(), PostgresParameterRewriter.Rewrite("SELECT @a").GetHashCode());
        Assert.NotEqual(PostgresParameterRewriter.Rewrite("SELECT @a"), PostgresParameterRewriter.Rewrite("SELECT @b"));
    }
}
