using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>IN-lists of Guid, decimal, DateTime, DateOnly and TimeOnly on PostgreSQL (a DateTimeOffset list is HOLON049 there), against rows their scalar parameters wrote.</summary>
public sealed partial class InListValueStore(NpgsqlDataSource db)
{
    [Command("INSERT INTO vals (id, g, dec, dt, dto, d, t) VALUES (@id, @g, @dec, @dt, @dto, @d, @t)")]
    public partial Task<int> InsertAsync(long id, Guid g, decimal dec, DateTime dt, DateTimeOffset dto, DateOnly d, TimeOnly t,
        CancellationToken ct = default);

    [Query("SELECT id FROM vals WHERE g IN @gs ORDER BY id")]
    public partial Task<List<long>> ByGuidsAsync(Guid[] gs, CancellationToken ct = default);

    [Query("SELECT id FROM vals WHERE g NOT IN @gs ORDER BY id")]
    public partial Task<List<long>> NotGuidsAsync(IReadOnlyList<Guid> gs, CancellationToken ct = default);

    [Query("SELECT id FROM vals WHERE dec IN @decs ORDER BY id")]
    public partial Task<List<long>> ByDecimalsAsync(List<decimal> decs, CancellationToken ct = default);

    [Query("SELECT id FROM vals WHERE dt IN @dts ORDER BY id")]
    public partial Task<List<long>> ByDateTimesAsync(IEnumerable<DateTime> dts, CancellationToken ct = default);

    [Query("SELECT id FROM vals WHERE d IN @ds ORDER BY id")]
    public partial Task<List<long>> ByDatesAsync(IReadOnlyList<DateOnly?> ds, CancellationToken ct = default);

    [Query("SELECT id FROM vals WHERE t IN @ts ORDER BY id")]
    public partial Task<List<long>> ByTimesAsync(TimeOnly[] ts, CancellationToken ct = default);
}

public sealed class InListValueTests(PgFixture pg)
{
    static readonly Guid[] Guids = [Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Guid.Empty];
    static readonly decimal[] Decimals = [1.5m, -0.25m, 79228162514264337593543950335m];
    static readonly DateTime[] DateTimes =
        [new(2026, 12, 7, 3, 4, 5, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1234560), new(2000, 2, 29, 23, 59, 59, DateTimeKind.Utc)];
    static readonly DateTimeOffset[] Offsets =
        [new(2026, 12, 7, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(70), new(1999, 12, 31, 23, 0, 0, TimeSpan.Zero)];
    static readonly DateOnly[] Dates = [new(2026, 12, 7), new(1, 1, 1), new(9999, 12, 31)];
    static readonly TimeOnly[] Times = [new(3, 4, 5), new TimeOnly(0, 0).Add(TimeSpan.FromTicks(10)), new(23, 59, 59, 999)];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<(TempSchema Schema, InListValueStore Store)> CreateAsync()
    {
        pg.Require();
        var schema = await TempSchema.CreateAsync(pg, Ct);
        await schema.ExecuteAsync(
            "CREATE TABLE vals (id bigint PRIMARY KEY, g uuid, dec numeric, dt timestamptz, dto timestamptz, d date, t time)", Ct);
        var store = new InListValueStore(schema.Source);
        for (int i = 0; i < 3; i++) await store.InsertAsync(i + 1, Guids[i], Decimals[i], DateTimes[i], Offsets[i], Dates[i], Times[i], Ct);
        return (schema, store);
    }

    [Fact]
    public async Task Guid_and_decimal_elements_match()
    {
        var (schema, store) = await CreateAsync();
        await using var _ = schema;
        Assert.Equal([1L, 3L], await store.ByGuidsAsync([Guids[0], Guids[2], Guid.NewGuid()], Ct));
        Assert.Equal([2L], await store.NotGuidsAsync([Guids[0], Guids[2]], Ct));
        Assert.Empty(await store.ByGuidsAsync([], Ct));
        Assert.Equal([2L, 3L], await store.ByDecimalsAsync([Decimals[1], Decimals[2], 7m], Ct));
    }

    [Fact]
    public async Task Date_and_time_elements_match()
    {
        var (schema, store) = await CreateAsync();
        await using var _ = schema;
        Assert.Equal([1L, 2L], await store.ByDateTimesAsync(DateTimes.Take(2), Ct));
        Assert.Equal([2L, 3L], await store.ByDatesAsync([Dates[1], null, Dates[2]], Ct));
        Assert.Equal([1L, 2L, 3L], await store.ByTimesAsync(Times, Ct));
    }
}
