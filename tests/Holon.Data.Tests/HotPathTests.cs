namespace Holon.Data.Tests;

/// <summary>
/// The point-lookup shortcuts keep the old behaviour: bindings not re-bound read as NULL, open transactions are
/// still rolled back on return however they were begun, and the single-call getters tell NULL from "" and 0.
/// </summary>
public class HotPathTests
{
    private static readonly StatementDefinition Pair = new("SELECT @a AS a, @b AS b", StatementKind.Query, ["@a", "@b"], ["A", "B"], "Tests.HotPath.Pair");
    private static readonly StatementDefinition Values = new(
        "SELECT v_text, v_int, v_real FROM v WHERE id = @id", StatementKind.Query, ["@id"], ["Text", "Int", "Real"], "Tests.HotPath.Values");
    private static readonly StatementDefinition Savepoint = new("SAVEPOINT outer_sp", StatementKind.Command, [], [], "Tests.HotPath.Savepoint");

    [Fact]
    public void SlotsNotBoundInThisUseReadNullEvenAfterEarlierUsesBoundThem()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var ct = TestContext.Current.CancellationToken;
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using (var s = r.Statement(Pair, ct))
        {
            s.BindText(0, "first");
            s.BindInt64(1, 42);
            Assert.True(s.Step());
            Assert.Equal("first", s.GetString(0));
            Assert.Equal(42, s.GetInt64(1));
        }

        using (var s = r.Statement(Pair, ct))
        {
            s.BindInt64(1, 7); // slot 0 left unbound: NULL, not "first"
            Assert.True(s.Step());
            Assert.True(s.IsNull(0));
            Assert.Equal(7, s.GetInt64(1));
        }

        using (var s = r.Statement(Pair, ct))
        {
            Assert.True(s.Step()); // nothing bound at all
            Assert.True(s.IsNull(0));
            Assert.True(s.IsNull(1));
        }

        using (var s = r.Statement(Pair, ct))
        {
            s.BindText(0, new string('x', 10_000)); // large: cleared at the end of the use
            Assert.True(s.Step());
        }

        using (var s = r.Statement(Pair, ct))
        {
            Assert.True(s.Step());
            Assert.True(s.IsNull(0));
        }
    }

    [Fact]
    public void AdHocSlotsNotBoundInThisUseReadNull()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        var ct = TestContext.Current.CancellationToken;
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        Assert.Equal("x", r.Scalar<string>("SELECT ?2", 1, "x"));
        using var s = r.Statement("SELECT ?2", ct);
        s.BindInt64(0, 1);
        Assert.True(s.Step());
        Assert.True(s.IsNull(0));
    }

    [Theory]
    [InlineData("script")]
    [InlineData("adhoc")]
    [InlineData("savepoint")]
    [InlineData("connection")]
    public async Task TransactionLeftOpenIsRolledBackOnReturnHoweverItBegan(string how)
    {
        using var db = new TempDb();
        await using var pool = new SqlitePool(db.Options(maxReaders: 1));
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var ct = TestContext.Current.CancellationToken;

        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            switch (how)
            {
                case "script": w.ExecuteScript("BEGIN IMMEDIATE; INSERT INTO t VALUES (1);"); break;
                case "adhoc": w.Execute("BEGIN IMMEDIATE"); w.Execute("INSERT INTO t VALUES (1)"); break;
                case "savepoint":
                    using (var s = w.Statement(Savepoint, ct)) s.Step();
                    w.Execute("INSERT INTO t VALUES (1)");
                    break;
                default:
                    using (var cmd = w.Connection.CreateCommand())
                    {
                        cmd.CommandText = "BEGIN; INSERT INTO t VALUES (1);";
                        cmd.ExecuteNonQuery();
                    }

                    break;
            }
        }

        using var next = pool.RentWriter(TestContext.Current.CancellationToken);
        using var tx = next.BeginTransaction(); // throws if a transaction were still open
        Assert.Equal(0, next.Scalar<long>("SELECT count(*) FROM t"));
        tx.Commit();
    }

    [Fact]
    public void SingleCallGettersTellNullFromEmptyAndZero()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            w.ExecuteScript("""
                CREATE TABLE v (id INTEGER PRIMARY KEY, v_text TEXT, v_int INTEGER, v_real REAL);
                INSERT INTO v VALUES (1, NULL, NULL, NULL), (2, '', 0, 0.0), (3, 'héllo', 5000000000, -2.5), (4, x'', 0, 0);
                """);
        }

        var ct = TestContext.Current.CancellationToken;
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using (var s = r.Statement(Values, ct))
        {
            s.BindInt64(0, 1);
            Assert.True(s.Step());
            Assert.Null(s.GetStringOrNull(0));
            Assert.Null(s.GetInt64OrNull(1));
            Assert.Null(s.GetInt32OrNull(1));
            Assert.Null(s.GetBooleanOrNull(1));
            Assert.Null(s.GetDoubleOrNull(2));
            var e = Assert.Throws<InvalidCastException>(() => s.GetRequiredString(0, "Text"));
            Assert.Contains("v_text", e.Message);
            Assert.Contains("'Text'", e.Message);
            Assert.Contains("Tests.HotPath.Values", e.Message);
            Assert.Throws<InvalidCastException>(() => s.GetRequiredInt64(1, "Int"));
            Assert.Throws<InvalidCastException>(() => s.GetRequiredInt32(1, "Int"));
            Assert.Throws<InvalidCastException>(() => s.GetRequiredBoolean(1, "Int"));
            var d = Assert.Throws<InvalidCastException>(() => s.GetRequiredDouble(2, "Real"));
            Assert.Contains("'Real'", d.Message);
            Assert.Throws<InvalidCastException>(() => s.GetRequiredString(9, "Missing")); // no such column reads as NULL, as IsNull did
        }

        foreach (long id in new long[] { 2, 4 })
        {
            using var s = r.Statement(Values, ct);
            s.BindInt64(0, id);
            Assert.True(s.Step());
            Assert.Equal("", s.GetStringOrNull(0));
            Assert.Equal("", s.GetRequiredString(0, "Text"));
            Assert.Equal(0, s.GetInt64OrNull(1));
            Assert.Equal(0, s.GetRequiredInt64(1, "Int"));
            Assert.Equal(0, s.GetRequiredInt32(1, "Int"));
            Assert.False(s.GetRequiredBoolean(1, "Int"));
            Assert.Equal(0.0, s.GetDoubleOrNull(2));
            Assert.Equal(0.0, s.GetRequiredDouble(2, "Real"));
        }

        using (var s = r.Statement(Values, ct))
        {
            s.BindInt64(0, 3);
            Assert.True(s.Step());
            Assert.Equal("héllo", s.GetRequiredString(0, "Text"));
            Assert.Equal(5_000_000_000, s.GetRequiredInt64(1, "Int"));
            Assert.Equal(5_000_000_000, s.GetInt64OrNull(1));
            Assert.Throws<OverflowException>(() => s.GetRequiredInt32(1, "Int"));
            Assert.Throws<OverflowException>(() => s.GetInt32OrNull(1));
            Assert.True(s.GetRequiredBoolean(1, "Int"));
            Assert.Equal(-2.5, s.GetRequiredDouble(2, "Real"));
            Assert.Equal("5000000000", s.GetRequiredString(1, "Int")); // numbers read as text, as SQLite (and Microsoft.Data.Sqlite) convert them
            Assert.Throws<InvalidCastException>(() => s.GetRequiredInt64(2, "Real")); // SQLite would truncate -2.5 to -2: refused
        }
    }

    [Fact]
    public void IsNullThenGetterStillThrowsOnNullAfterTheNextStep()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken)) w.ExecuteScript("CREATE TABLE n (x TEXT); INSERT INTO n VALUES ('a'), (NULL);");
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using var s = r.Statement("SELECT x FROM n ORDER BY x IS NULL", TestContext.Current.CancellationToken);
        Assert.True(s.Step());
        Assert.False(s.IsNull(0));
        Assert.Equal("a", s.GetString(0));
        Assert.True(s.Step());
        Assert.Throws<InvalidCastException>(() => s.GetString(0)); // the IsNull answer of the previous row does not carry over
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("r\u00e9sum\u00e9 \uFFFD stored replacement char")]
    [InlineData("lone \uD800 high and \uDC00 low, \uFFFD too")]
    [InlineData("\uFFFD")]
    public void TextWithReplacementCharsAndLoneSurrogatesReadsBackUnchanged(string text)
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        using var s = r.Statement(Pair, TestContext.Current.CancellationToken);
        s.BindText(0, text);
        Assert.True(s.Step());
        Assert.Equal(text, s.GetRequiredString(0, "A"));
        Assert.Equal(text, s.GetStringOrNull(0));
        Assert.Equal(text, s.GetString(0));
    }
}
