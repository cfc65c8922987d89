using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

/// <summary>
/// Every typed bind and read against plain Microsoft.Data.Sqlite: what either library writes is stored identically
/// (same SQLite type and text) and reads back with both.
/// </summary>
public class TypeRoundTripTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly SqlitePool _pool;

    public TypeRoundTripTests()
    {
        _pool = new SqlitePool(_db.Options(maxReaders: 1));
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        w.Execute("CREATE TABLE v (k TEXT, x)");
    }

    public void Dispose()
    {
        _pool.Dispose();
        _db.Dispose();
    }

    private void Check<T>(T value, Action<PreparedStatement, T> bind, Func<PreparedStatement, int, T> read, Action<T, T>? equal = null)
    {
        equal ??= (a, b) => Assert.Equal(a, b);
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        w.Execute("DELETE FROM v");
        using (var cmd = w.Connection.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO v (k, x) VALUES ('mds', $x)";
            cmd.Parameters.AddWithValue("$x", value);
            cmd.ExecuteNonQuery();
        }

        using (var s = w.Statement("INSERT INTO v (k, x) VALUES ('ours', ?1)", TestContext.Current.CancellationToken))
        {
            bind(s, value);
            Assert.False(s.Step());
        }

        // Stored identically.
        var mdsStored = w.Scalar<string>("SELECT typeof(x) || ':' || quote(x) FROM v WHERE k = 'mds'");
        var ourStored = w.Scalar<string>("SELECT typeof(x) || ':' || quote(x) FROM v WHERE k = 'ours'");
        Assert.Equal(mdsStored, ourStored);

        // Ours reads what MDS wrote, MDS reads what we wrote.
        using (var s = w.Statement("SELECT x FROM v WHERE k = 'mds'", TestContext.Current.CancellationToken))
        {
            Assert.True(s.Step());
            equal(value, read(s, 0));
        }

        using (var cmd = w.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT x FROM v WHERE k = 'ours'";
            using var reader = cmd.ExecuteReader();
            Assert.True(reader.Read());
            equal(value, reader.GetFieldValue<T>(0));
        }
    }

    [Fact] public void Boolean() { Check(true, (s, v) => s.BindBoolean(0, v), (s, o) => s.GetBoolean(o)); Check(false, (s, v) => s.BindBoolean(0, v), (s, o) => s.GetBoolean(o)); }
    [Fact] public void Byte() => Check((byte)255, (s, v) => s.BindInt64(0, v), (s, o) => s.GetByte(o));
    [Fact] public void SByte() => Check((sbyte)-128, (s, v) => s.BindInt64(0, v), (s, o) => s.GetSByte(o));
    [Fact] public void Int16() => Check(short.MinValue, (s, v) => s.BindInt64(0, v), (s, o) => s.GetInt16(o));
    [Fact] public void UInt16() => Check(ushort.MaxValue, (s, v) => s.BindInt64(0, v), (s, o) => s.GetUInt16(o));
    [Fact] public void Int32() => Check(int.MinValue, (s, v) => s.BindInt64(0, v), (s, o) => s.GetInt32(o));
    [Fact] public void UInt32() => Check(uint.MaxValue, (s, v) => s.BindInt64(0, v), (s, o) => s.GetUInt32(o));
    [Fact] public void Int64() => Check(long.MinValue, (s, v) => s.BindInt64(0, v), (s, o) => s.GetInt64(o));
    [Fact] public void UInt64() => Check(ulong.MaxValue, (s, v) => s.BindValue(0, v), (s, o) => s.GetUInt64(o));
    [Fact] public void Single() => Check(3.25f, (s, v) => s.BindDouble(0, v), (s, o) => s.GetSingle(o));
    [Fact] public void Double() => Check(Math.PI, (s, v) => s.BindDouble(0, v), (s, o) => s.GetDouble(o));
    [Fact] public void String() => Check("héllo 'quoted' \"x\" ✓ 🎉 \0 nul", (s, v) => s.BindText(0, v), (s, o) => s.GetString(o));
    [Fact] public void EmptyStringIsNotNull() => Check("", (s, v) => s.BindText(0, v), (s, o) => s.GetString(o));
    [Fact] public void Blob() => Check(new byte[] { 0, 1, 2, 255 }, (s, v) => s.BindBlob(0, v), (s, o) => s.GetBlob(o));
    [Fact] public void Char() { Check('x', (s, v) => s.BindChar(0, v), (s, o) => s.GetChar(o)); Check('é', (s, v) => s.BindChar(0, v), (s, o) => s.GetChar(o)); }

    [Theory]
    [InlineData("1.5")]
    [InlineData("12")]
    [InlineData("-0.000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    public void Decimal(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Check(value, (s, v) => s.BindDecimal(0, v), (s, o) => s.GetDecimal(o));
    }

    [Fact] public void Guid_() => Check(Guid.NewGuid(), (s, v) => s.BindGuid(0, v), (s, o) => s.GetGuid(o));

    public static TheoryData<DateTime> DateTimes => new()
    {
        new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified).AddTicks(1234567),
        new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Local),
        DateTime.MinValue,
        DateTime.MaxValue,
    };

    [Theory, MemberData(nameof(DateTimes))]
    public void DateTime_(DateTime value) => Check(value, (s, v) => s.BindDateTime(0, v), (s, o) => s.GetDateTime(o));

    public static TheoryData<DateTimeOffset> DateTimeOffsets => new()
    {
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(7),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
        new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.FromMinutes(-330)),
    };

    [Theory, MemberData(nameof(DateTimeOffsets))]
    public void DateTimeOffset_(DateTimeOffset value)
        => Check(value, (s, v) => s.BindDateTimeOffset(0, v), (s, o) => s.GetDateTimeOffset(o), (a, b) => { Assert.Equal(a, b); Assert.Equal(a.Offset, b.Offset); });

    [Fact] public void DateOnly_() => Check(new DateOnly(2024, 2, 29), (s, v) => s.BindDateOnly(0, v), (s, o) => s.GetDateOnly(o));

    [Fact]
    public void TimeOnly_()
    {
        Check(new TimeOnly(3, 4, 5), (s, v) => s.BindTimeOnly(0, v), (s, o) => s.GetTimeOnly(o));
        Check(new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(1234567)), (s, v) => s.BindTimeOnly(0, v), (s, o) => s.GetTimeOnly(o));
    }

    [Fact]
    public void TimeSpan_()
    {
        Check(TimeSpan.FromHours(30.5), (s, v) => s.BindTimeSpan(0, v), (s, o) => s.GetTimeSpan(o));
        Check(-TimeSpan.FromTicks(123456789), (s, v) => s.BindTimeSpan(0, v), (s, o) => s.GetTimeSpan(o));
    }

    /// <summary>Dates stored as REAL Julian day numbers (SQLite's julianday()) read the same as Microsoft.Data.Sqlite reads them.</summary>
    [Fact]
    public void JulianRealAlternativesReadLikeMicrosoftDataSqlite()
    {
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        w.Execute("DELETE FROM v");
        w.Execute("INSERT INTO v (k, x) VALUES ('j', julianday('2024-01-02 03:04:05.123'))");
        w.Execute("INSERT INTO v (k, x) VALUES ('d', 1.25)");
        using var cmd = w.Connection.CreateCommand();
        cmd.CommandText = "SELECT x FROM v ORDER BY k DESC"; // j, d
        using var reader = cmd.ExecuteReader();
        using var s = w.Statement("SELECT x FROM v ORDER BY k DESC", TestContext.Current.CancellationToken);

        Assert.True(reader.Read());
        Assert.True(s.Step());
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 123), s.GetDateTime(0));
        Assert.Equal(reader.GetDateTime(0), s.GetDateTime(0));
        Assert.Equal(reader.GetDateTime(0).Kind, s.GetDateTime(0).Kind);
        Assert.Equal(reader.GetFieldValue<DateTimeOffset>(0), s.GetDateTimeOffset(0));
        Assert.Equal(reader.GetFieldValue<DateOnly>(0), s.GetDateOnly(0));

        Assert.True(reader.Read());
        Assert.True(s.Step());
        Assert.Equal(reader.GetFieldValue<TimeSpan>(0), s.GetTimeSpan(0));
        Assert.Equal(TimeSpan.FromDays(1.25), s.GetTimeSpan(0));
    }

    /// <summary>Text dates with and without offsets, written by hand, read like Microsoft.Data.Sqlite 10 reads them.</summary>
    [Theory]
    [InlineData("2024-01-02 03:04:05")]
    [InlineData("2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02 03:04:05+02:00")]
    [InlineData("2024-01-02 03:04:05.1234567-05:30")]
    public void TextDatesReadLikeMicrosoftDataSqlite(string text)
    {
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        w.Execute("DELETE FROM v");
        w.Execute("INSERT INTO v (k, x) VALUES ('t', ?1)", text);
        using var cmd = w.Connection.CreateCommand();
        cmd.CommandText = "SELECT x FROM v";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        using var s = w.Statement("SELECT x FROM v", TestContext.Current.CancellationToken);
        Assert.True(s.Step());
        Assert.Equal(reader.GetDateTime(0), s.GetDateTime(0));
        Assert.Equal(reader.GetDateTime(0).Kind, s.GetDateTime(0).Kind);
        Assert.Equal(reader.GetFieldValue<DateTimeOffset>(0), s.GetDateTimeOffset(0));
        Assert.Equal(reader.GetFieldValue<DateTimeOffset>(0).Offset, s.GetDateTimeOffset(0).Offset);
    }

    [Fact]
    public void GuidStoredAsBlobReads()
    {
        var g = Guid.NewGuid();
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        using (var s = w.Statement("SELECT ?1", TestContext.Current.CancellationToken))
        {
            s.BindBlob(0, g.ToByteArray());
            Assert.True(s.Step());
            Assert.Equal(g, s.GetGuid(0));
        }
    }

    [Fact]
    public void LoneSurrogatesRoundTripThroughOurApi()
    {
        var hostile = "a\uD800b\uDC00c\uD83D\uDE00d\uDFFF";
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        using var s = w.Statement("SELECT ?1, length(?1)", TestContext.Current.CancellationToken);
        s.BindText(0, hostile);
        Assert.True(s.Step());
        Assert.Equal(hostile, s.GetString(0));
    }

    [Fact]
    public void NarrowingReadsAreChecked()
    {
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        using var s = w.Statement("SELECT 1099511627776 AS big, NULL AS n", TestContext.Current.CancellationToken);
        Assert.True(s.Step());
        var ex = Assert.Throws<OverflowException>(() => s.GetInt32(0));
        Assert.Contains("big", ex.Message);
        Assert.Contains("1099511627776", ex.Message);
        Assert.Contains("SELECT 1099511627776", ex.Message);
        Assert.Equal(1099511627776L, s.GetInt64(0));
        Assert.Throws<InvalidCastException>(() => s.GetInt64(1));
        Assert.Throws<InvalidCastException>(() => s.GetString(1));
        Assert.Throws<OverflowException>(() => s.GetByte(0));
    }

    [Fact]
    public void NaNIsRefused()
    {
        using var w = _pool.RentWriter(TestContext.Current.CancellationToken);
        using var s = w.Statement("SELECT ?1", TestContext.Current.CancellationToken);
        Assert.Throws<ArgumentException>(() => s.BindDouble(0, double.NaN));
    }
}
