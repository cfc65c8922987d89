using Holon.Gen.Sql;

namespace Holon.Gen.Tests;

public sealed class SqlScannerTests
{
    [Fact]
    public void Tokens_kinds_text_and_offsets()
    {
        var tokens = SqlScanner.Scan("SELECT \"my col\", [x], `y` FROM t -- note\nWHERE a = @a AND b = :b OR c = $c /* ; */ AND d = ?2 AND e = ? AND f = 'it''s;' AND g = 1.5e3;");
        Assert.Equal(
            ["SELECT", "my col", ",", "x", ",", "y", "FROM", "t", "WHERE", "a", "=", "@a", "AND", "b", "=", ":b", "OR", "c", "=", "$c",
             "AND", "d", "=", "?2", "AND", "e", "=", "?", "AND", "f", "=", "'it''s;'", "AND", "g", "=", "1.5e3", ";"],
            tokens.Select(t => t.Text));
        Assert.Equal(SqlTokenKind.Word, tokens[1].Kind);
        Assert.Equal(7, tokens[1].Start);
        Assert.Equal([SqlTokenKind.Parameter], tokens.Where(t => t.Text is "@a" or ":b" or "$c" or "?2" or "?").Select(t => t.Kind).Distinct());
        Assert.Equal(SqlTokenKind.String, tokens.Single(t => t.Text.StartsWith('\'')).Kind);
        Assert.Equal(SqlTokenKind.Number, tokens.Single(t => t.Text == "1.5e3").Kind);
        Assert.Equal(SqlTokenKind.Symbol, tokens[^1].Kind);
    }

    [Fact]
    public void Unterminated_strings_and_comments_do_not_throw()
    {
        Assert.Single(SqlScanner.Scan("'open"));
        Assert.Empty(SqlScanner.Scan("/* open"));
        Assert.Equal(["SELECT", "1"], SqlScanner.Scan("SELECT 1 -- trailing").Select(t => t.Text));
    }

    [Theory]
    [InlineData("SELECT 1", 1)]
    [InlineData("SELECT 1;", 1)]
    [InlineData(" ; SELECT 1 ; ; ", 1)]
    [InlineData("SELECT ';'", 1)]
    [InlineData("-- only a comment", 0)]
    [InlineData("", 0)]
    [InlineData("DELETE FROM a; DELETE FROM b", 2)]
    public void Statement_count(string sql, int expected) => Assert.Equal(expected, SqlAnalysis.Analyze(sql).StatementCount);

    [Fact]
    public void Parameters_are_distinct_in_order_and_RETURNING_is_found()
    {
        var analysis = SqlAnalysis.Analyze("UPDATE t SET a = @a, b = :b WHERE a = @a RETURNING id");
        Assert.Equal(["@a", ":b"], analysis.Parameters);
        Assert.True(analysis.HasReturning);
        Assert.False(SqlAnalysis.Analyze("SELECT 'RETURNING' AS returning_text").HasReturning);
    }
}
