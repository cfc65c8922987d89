using Holon.Data.Internal;

namespace Holon.Data.Tests;

public class SqlClassifierTests
{
    [Theory]
    [InlineData("PRAGMA query_only=0", true)]
    [InlineData("pragma foreign_keys = off", true)]
    [InlineData("-- a\n/* b */ -- c\n  PRAGMA synchronous=OFF", true)]
    [InlineData("ATTACH DATABASE 'a.db' AS a", true)]
    [InlineData("DETACH a", true)]
    [InlineData("CREATE TEMP TABLE x (a)", true)]
    [InlineData("CREATE TEMPORARY VIEW v AS SELECT 1", true)]
    [InlineData("create table temp.x (a)", true)]
    [InlineData("CREATE TRIGGER temp.tr AFTER INSERT ON t BEGIN SELECT 1; END", true)]
    [InlineData("DROP TABLE temp.x", true)]
    [InlineData("CREATE TABLE temperature (a)", false)]
    [InlineData("CREATE TABLE t (temp_c REAL)", false)]
    [InlineData("CREATE TABLE \"temp\" (a)", false)] // a quoted identifier named temp is a main-schema table
    [InlineData("SELECT * FROM attachments", false)]
    [InlineData("SELECT name FROM pragma_table_info('t')", false)]
    [InlineData("SELECT 'PRAGMA x'", false)]
    [InlineData("SELECT 1 -- PRAGMA x", false)]
    [InlineData("/* PRAGMA x */ SELECT 1", false)]
    [InlineData("INSERT INTO notes VALUES ('x; PRAGMA y')", false)]
    [InlineData("", false)]
    public void ChangesConnectionStateLooksAtKeywordsOnly(string sql, bool expected)
        => Assert.Equal(expected, SqlClassifier.ChangesConnectionState(sql));

    [Theory]
    [InlineData("CREATE TABLE a (x); PRAGMA foreign_keys=OFF;", true)]
    [InlineData("CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\n-- done", false)]
    [InlineData("CREATE TABLE a (x); ATTACH 'b.db' AS b", true)]
    [InlineData("CREATE TABLE a (x); DETACH b", true)]
    [InlineData("INSERT INTO a VALUES ('; PRAGMA'); SELECT 1", false)]
    [InlineData("CREATE TABLE a (x); CREATE TEMP TABLE b (y)", true)]
    public void ChangesConnectionStateLooksAtEveryStatementOfAScript(string sql, bool expected)
        => Assert.Equal(expected, SqlClassifier.ChangesConnectionState(sql));

    [Theory]
    [InlineData("BEGIN", true)]
    [InlineData("begin immediate", true)]
    [InlineData("/* x */ -- y\n SAVEPOINT s1", true)]
    [InlineData("SELECT 'BEGIN'", false)]
    [InlineData("COMMIT", false)]
    [InlineData("beginning", false)]
    [InlineData("-- BEGIN\nSELECT 1", false)]
    public void BeginsTransactionReadsTheFirstKeyword(string sql, bool expected)
        => Assert.Equal(expected, SqlClassifier.BeginsTransaction(sql));

    [Theory]
    [InlineData("", true)]
    [InlineData("  ;\n ; ", true)]
    [InlineData("-- trailing\n/* note */ ;", true)]
    [InlineData("/* unterminated", true)]
    [InlineData("; SELECT 1", false)]
    [InlineData("-- a\n x", false)]
    public void IsOnlyTriviaAcceptsCommentsAndSemicolons(string tail, bool expected)
        => Assert.Equal(expected, SqlClassifier.IsOnlyTrivia(tail));

    [Fact]
    public void PreparingTwoStatementsFailsButATrailingCommentDoesNot()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var lease = pool.RentWriter(TestContext.Current.CancellationToken);
        Assert.Equal(1, lease.Scalar<long>("SELECT 1; -- done\n/* really */"));
        var ex = Assert.Throws<ArgumentException>(() => lease.Scalar<long>("SELECT 1; SELECT 2"));
        Assert.Contains("more than one statement", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScriptThatAttachesIsUndoneOnReturn()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        string other = Path.Combine(db.Folder, "other.db");
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            w.ExecuteScript($"CREATE TABLE temperature (c REAL); ATTACH '{other}' AS o;");
            Assert.Equal(1, w.Scalar<long>("SELECT count(*) FROM pragma_database_list WHERE name = 'o'"));
        }

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Equal(0, w.Scalar<long>("SELECT count(*) FROM pragma_database_list WHERE name = 'o'"));
            Assert.Equal(1, w.Scalar<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'temperature'"));
        }
    }
}
