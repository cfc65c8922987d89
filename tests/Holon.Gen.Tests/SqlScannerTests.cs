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
    [InlineData("CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); END", 1)]
    [InlineData("create temp trigger t after insert on x begin insert into y values (1); delete from z; end;", 1)]
    [InlineData("CREATE TEMPORARY TRIGGER IF NOT EXISTS t AFTER UPDATE ON x FOR EACH ROW WHEN new.a > 0 BEGIN UPDATE y SET b = CASE WHEN new.a > 1 THEN 'x;' ELSE 'y' END; DELETE FROM z; END", 1)]
    [InlineData("CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); END; DELETE FROM z", 2)]
    [InlineData("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT \"end\", [end], `END`, 'END' /* END; */ FROM y; -- END;\n INSERT INTO y VALUES (1); END", 1)]
    [InlineData("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE WHEN 1 THEN 2 END; END; DELETE FROM z", 2)]
    [InlineData("BEGIN; DELETE FROM a; END", 3)]
    [InlineData("SELECT CASE WHEN 1 THEN 2 END; SELECT 2", 2)]
    [InlineData("CREATE TABLE trigger_log (x); DELETE FROM a", 2)]
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
