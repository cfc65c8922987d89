using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>Every supported type bound and read through <see cref="NpgsqlStatement"/>, the calls generated code makes.</summary>
public sealed class TypeTests(PgFixture pg)
{
    const string Origin = "TypeTests.RoundTrip";

    async Task<T> RoundTrip<T>(T value, string cast)
    {
        var ct = TestContext.Current.CancellationToken;
        var definition = new StatementDefinition($"SELECT $1::{cast} AS v", StatementKind.Query, ["@v"], ["V"], Origin);
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, Origin, ct);
        s.Bind(0, value);
        Assert.True(await s.StepAsync());
        return s.Get<T>(s.RequiredOrdinal(0), "V");
    }

    [Fact]
    public async Task Scalars_round_trip()
    {
        pg.Require();
        Assert.Equal(long.MinValue, await RoundTrip(long.MinValue, "bigint"));
        Assert.Equal(int.MaxValue, await RoundTrip(int.MaxValue, "integer"));
        Assert.Equal((short)-7, await RoundTrip((short)-7, "smallint"));
        Assert.True(await RoundTrip(true, "boolean"));
        Assert.Equal(Math.PI, await RoundTrip(Math.PI, "double precision"));
        Assert.Equal(1.5f, await RoundTrip(1.5f, "real"));
        Assert.Equal("it's 'quoted' — ünïcode", await RoundTrip("it's 'quoted' — ünïcode", "text"));
        Assert.Equal(79228162514264337593543950335m, await RoundTrip(79228162514264337593543950335m, "numeric"));
        Assert.Equal(-0.000001m, await RoundTrip(-0.000001m, "numeric"));
    }

    [Fact]
    public async Task PostgreSQL_types_round_trip()
    {
        pg.Require();
        var guid = Guid.NewGuid();
        Assert.Equal(guid, await RoundTrip(guid, "uuid"));
        byte[] bytes = [0, 1, 2, 255, 0];
        Assert.Equal(bytes, await RoundTrip(bytes, "bytea"));
        Assert.Equal(new DateOnly(1999, 12, 31), await RoundTrip(new DateOnly(1999, 12, 31), "date"));
        Assert.Equal(new TimeOnly(23, 59, 58, 123), await RoundTrip(new TimeOnly(23, 59, 58, 123), "time"));
        Assert.Equal(TimeSpan.FromHours(49.5), await RoundTrip(TimeSpan.FromHours(49.5), "interval"));
    }

    [Fact]
    public async Task Timestamptz_round_trips_DateTime_UTC_and_DateTimeOffset_as_the_same_instant()
    {
        pg.Require();
        var utc = new DateTime(2026, 12, 1, 15, 4, 5, 678, DateTimeKind.Utc).AddTicks(90); // microsecond precision
        var back = await RoundTrip(utc, "timestamptz");
        Assert.Equal(utc, back);
        Assert.Equal(DateTimeKind.Utc, back.Kind);

        var offset = new DateTimeOffset(2026, 12, 1, 17, 4, 5, TimeSpan.FromHours(2));
        var backOffset = await RoundTrip(offset, "timestamptz");
        Assert.Equal(offset.UtcDateTime, backOffset.UtcDateTime); // same instant; timestamptz keeps no offset
        Assert.Equal(TimeSpan.Zero, backOffset.Offset);
        Assert.Equal(offset.UtcDateTime, (await RoundTrip<DateTimeOffset?>(offset, "timestamptz"))!.Value.UtcDateTime);
    }

    [Fact]
    public async Task Jsonb_is_read_and_written_as_text()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var definition = new StatementDefinition("SELECT $1::jsonb AS doc, jsonb_typeof($1::jsonb) AS kind", StatementKind.Query, ["@doc"],
            ["Doc", "Kind"], "T.M");
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, "T.M", ct);
        s.Bind(0, """{"b": [1, 2], "a": "x"}""");
        Assert.True(await s.StepAsync());
        Assert.Equal("""{"a": "x", "b": [1, 2]}""", s.Get<string>(s.RequiredOrdinal(0), "Doc")); // jsonb normalises
        Assert.Equal("object", s.Get<string>(s.RequiredOrdinal(1), "Kind"));
    }

    [Fact]
    public async Task Arrays_and_lists_bind_as_PostgreSQL_arrays()
    {
        pg.Require();
        long[] longs = await RoundTrip(new long[] { 1, -2, 3 }, "bigint[]");
        Assert.Equal([1L, -2L, 3L], longs);
        List<string> strings = await RoundTrip(new List<string> { "a", "b'c", "" }, "text[]");
        Assert.Equal(["a", "b'c", ""], strings);
        var g = Guid.NewGuid();
        Guid[] guids = await RoundTrip(new[] { g }, "uuid[]");
        Assert.Equal([g], guids);
        Assert.Empty(await RoundTrip(Array.Empty<int>(), "integer[]"));

        var ct = TestContext.Current.CancellationToken;
        var definition = new StatementDefinition("SELECT count(*) FROM generate_series(1, 10) x WHERE x = ANY($1)", StatementKind.Query,
            ["@xs"], [], "T.M");
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, "T.M", ct);
        s.Bind(0, new List<int> { 2, 3, 42 });
        Assert.True(await s.StepAsync());
        Assert.Equal(2L, s.Get<long>(0, "count"));
    }

    [Fact]
    public async Task Nulls_bind_as_SQL_NULL_and_read_into_nullable_members()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var definition = new StatementDefinition("SELECT $1::text AS s, $2::bigint AS n, $3::uuid AS g, $4::timestamptz AS t", StatementKind.Query,
            ["@s", "@n", "@g", "@t"], [], "T.M");
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, "T.M", ct);
        s.BindNull<string>(0);
        s.BindNullValue<long>(1);
        s.BindNullValue<Guid>(2);
        s.BindNullValue<DateTimeOffset>(3);
        Assert.True(await s.StepAsync());
        for (int i = 0; i < 4; i++) Assert.True(s.IsNull(i));
        Assert.Null(s.GetOrNull<string>(0, "S"));
        Assert.Null(s.GetValueOrNull<long>(1, "N"));
        Assert.Null(s.GetValueOrNull<Guid>(2, "G"));
        Assert.Null(s.GetValueOrNull<DateTime>(3, "T"));
    }

    [Fact]
    public async Task Non_null_values_read_into_nullable_members()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var definition = new StatementDefinition("SELECT 'x'::text, 7::bigint", StatementKind.Query, [], [], "T.M");
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, "T.M", ct);
        Assert.True(await s.StepAsync());
        Assert.Equal("x", s.GetOrNull<string>(0, "S"));
        Assert.Equal(7L, s.GetValueOrNull<long>(1, "N"));
    }
}
