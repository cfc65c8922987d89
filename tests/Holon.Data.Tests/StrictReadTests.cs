namespace Holon.Data.Tests;

/// <summary>
/// A value whose storage class cannot become the requested type throws, naming the column,
/// the member, the method, the storage class and the value; it never reads as 0, false or a default.
/// </summary>
public sealed class StrictReadTests : IDisposable
{
    private static readonly StatementDefinition Row = new(
        "SELECT v AS value FROM v WHERE id = @id", StatementKind.Query, ["@id"], ["Value"], "Tests.Strict.Row");
    private static readonly StatementDefinition Measure = new(
        "SELECT @Id, @F", StatementKind.Query, ["@Id", "@F"], [], "Tests.Strict.Insert");

    private readonly TempDb _db = new();
    private readonly SqlitePool _pool;

    public StrictReadTests()
    {
        _db.Exec("""
            CREATE TABLE v (id INTEGER PRIMARY KEY, v);
            INSERT INTO v VALUES (1, 'Published'), (2, 'true'), (3, 'abc'), (4, '42'), (5, 3.0), (6, 3.5), (7, x'0102'),
                                 (8, 7), (9, '0'), (10, ' -12 '), (11, '2.5'), (12, 1700000000), (13, '12abc'), (14, 0), (15, 1e300);
            """);
        _pool = new SqlitePool(_db.Options(maxReaders: 1));
    }

    public void Dispose()
    {
        _pool.Dispose();
        _db.Dispose();
    }

    private T Read<T>(long id, Func<PreparedStatement, T> read)
    {
        var ct = TestContext.Current.CancellationToken;
        using var lease = _pool.RentReader(ct);
        using var s = lease.Statement(Row, ct);
        s.BindInt64(0, id);
        Assert.True(s.Step());
        _ = s.RequiredOrdinal(0); // resolves the member names the errors quote
        return read(s);
    }

    private void Refused<T>(long id, Func<PreparedStatement, T> read, string storage, string value)
    {
        var ex = Assert.Throws<InvalidCastException>(() => Read(id, read));
        Assert.Contains("'value'", ex.Message);         // column
        Assert.Contains("'Value'", ex.Message);         // member
        Assert.Contains("Tests.Strict.Row", ex.Message); // method
        Assert.Contains(storage, ex.Message);            // storage class
        Assert.Contains(value, ex.Message);              // the value itself
        Assert.Contains("SELECT v AS value", ex.Message);
    }

    [Fact]
    public void Text_that_is_not_a_number_is_refused_by_every_integer_reader()
    {
        Refused(1, s => s.GetInt32(0), "TEXT", "'Published'");
        Refused(1, s => s.GetRequiredInt32(0, "Value"), "TEXT", "'Published'");
        Refused(2, s => s.GetBoolean(0), "TEXT", "'true'");
        Refused(2, s => s.GetRequiredBoolean(0, "Value"), "TEXT", "'true'");
        Refused(2, s => s.GetBooleanOrNull(0), "TEXT", "'true'");
        Refused(3, s => s.GetInt32OrNull(0), "TEXT", "'abc'");
        Refused(3, s => s.GetInt64OrNull(0), "TEXT", "'abc'");
        Refused(3, s => s.GetRequiredInt64(0, "Value"), "TEXT", "'abc'");
        Refused(13, s => s.GetInt64(0), "TEXT", "'12abc'");
        Refused(3, s => s.GetByte(0), "TEXT", "'abc'");
        Refused(3, s => s.GetChar(0), "TEXT", "'abc'");
    }

    [Fact]
    public void Text_that_is_not_a_number_is_refused_by_the_floating_point_readers()
    {
        Refused(3, s => s.GetDouble(0), "TEXT", "'abc'");
        Refused(3, s => s.GetRequiredDouble(0, "Value"), "TEXT", "'abc'");
        Refused(3, s => s.GetDoubleOrNull(0), "TEXT", "'abc'");
        Refused(3, s => s.GetSingle(0), "TEXT", "'abc'");
        Refused(7, s => s.GetDouble(0), "BLOB", "2 bytes");
    }

    [Fact]
    public void Fractional_reals_and_blobs_are_refused_by_integer_readers()
    {
        Refused(6, s => s.GetInt64(0), "REAL", "3.5");
        Refused(6, s => s.GetRequiredInt32(0, "Value"), "REAL", "3.5");
        Refused(15, s => s.GetInt64(0), "REAL", "1E+300");
        Refused(7, s => s.GetInt64OrNull(0), "BLOB", "2 bytes");
        Refused(7, s => s.GetBoolean(0), "BLOB", "2 bytes");
    }

    [Fact]
    public void Integral_reals_and_integer_text_are_accepted()
    {
        Assert.Equal(42, Read(4, s => s.GetRequiredInt32(0, "Value")));
        Assert.Equal(42L, Read(4, s => s.GetInt64OrNull(0)));
        Assert.Equal(3, Read(5, s => s.GetInt32(0)));
        Assert.Equal(3L, Read(5, s => s.GetRequiredInt64(0, "Value")));
        Assert.Equal(0, Read(9, s => s.GetInt32OrNull(0)));
        Assert.Equal(-12, Read(10, s => s.GetInt32(0)));
        Assert.Equal(7, Read(8, s => s.GetInt32(0)));
        Assert.Equal(0L, Read(14, s => s.GetInt64OrNull(0)));
        Assert.False(Read(14, s => s.GetRequiredBoolean(0, "Value")));
        Assert.Equal(2.5, Read(11, s => s.GetRequiredDouble(0, "Value")));
        Assert.Equal(42.0, Read(4, s => s.GetDoubleOrNull(0)));
        Assert.Equal(7.0, Read(8, s => s.GetDouble(0)));
        Assert.Equal(3.5, Read(6, s => s.GetDouble(0)));
    }

    [Fact]
    public void A_julian_day_out_of_range_names_column_member_method_and_sql()
    {
        foreach (var read in new Func<PreparedStatement, object>[]
                 {
                     s => s.GetDateTime(0), s => s.GetDateTimeOffset(0), s => s.GetDateOnly(0), s => s.GetTimeOnly(0),
                 })
        {
            var ex = Assert.Throws<OverflowException>(() => Read(12, read));
            Assert.Contains("'value'", ex.Message);
            Assert.Contains("'Value'", ex.Message);
            Assert.Contains("Tests.Strict.Row", ex.Message);
            Assert.Contains("INTEGER 1700000000", ex.Message);
            Assert.Contains("SELECT v AS value", ex.Message);
        }

        var span = Assert.Throws<OverflowException>(() => Read(15, s => s.GetTimeSpan(0)));
        Assert.Contains("'Value'", span.Message);
        Assert.Contains("REAL", span.Message);
    }

    [Fact]
    public void NaN_names_the_parameter_and_the_method()
    {
        var ct = TestContext.Current.CancellationToken;
        using var lease = _pool.RentReader(ct);
        using var s = lease.Statement(Measure, ct);
        var ex = Assert.Throws<ArgumentException>(() => s.BindDouble(1, double.NaN));
        Assert.Contains("@F", ex.Message);
        Assert.Contains("Tests.Strict.Insert", ex.Message);
        Assert.DoesNotContain("slot", ex.Message);
    }
}
