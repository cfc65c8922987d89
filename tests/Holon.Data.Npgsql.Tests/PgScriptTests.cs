using Holon.Data.Npgsql.Migrations;

namespace Holon.Data.Npgsql.Tests;

/// <summary>The migration splitter's PostgreSQL lexical rules (no server needed).</summary>
public sealed class PgScriptTests
{
    [Theory]
    [InlineData("SELECT 1; SELECT 2", "SELECT 1|SELECT 2")]
    [InlineData("SELECT ';' ; SELECT \"a;b\"", "SELECT ';'|SELECT \"a;b\"")]
    [InlineData("SELECT E'\\';x'; SELECT 'it''s;'", "SELECT E'\\';x'|SELECT 'it''s;'")]
    [InlineData("SELECT $$;$$; SELECT $t$ $$; $t$", "SELECT $$;$$|SELECT $t$ $$; $t$")]
    [InlineData("PREPARE p AS SELECT $1; EXECUTE p(1)", "PREPARE p AS SELECT $1|EXECUTE p(1)")]
    [InlineData("/* a; /* b; */ c; */ SELECT 1; -- x;\nSELECT 2;;", "SELECT 1|SELECT 2")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT 3",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END|SELECT 3")]
    public void Splits_on_top_level_semicolons_only(string sql, string expected)
    {
        Assert.Equal(expected, string.Join("|", PgScript.Split(sql).Select(s => s.Text)));
    }

    [Fact]
    public void Statements_know_where_they_start()
    {
        var statements = PgScript.Split("-- head\nSELECT 1;\n\n  SELECT 2;");
        Assert.Equal([8, 21], statements.Select(s => s.Offset));
        Assert.Equal(["SELECT", "SELECT"], statements.Select(s => s.FirstWord));
    }
}
