namespace Holon.Gen.EndToEndTests;

/// <summary>
/// IN-list elements of Guid, decimal, DateTime, DateTimeOffset, DateOnly and TimeOnly match the rows their scalar
/// parameters wrote: the list writes each element as the same text.
/// </summary>
public sealed class InListValueTests : IDisposable
{
    private static readonly Guid[] Guids = [Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Guid.Empty];
    private static readonly decimal[] Decimals = [1.5m, -0.25m, 79228162514264337593543950335m];
    private static readonly DateTime[] DateTimes =
        [new(2026, 12, 7, 3, 4, 5, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1234567), new(2000, 2, 29, 23, 59, 59, DateTimeKind.Utc)];
    private static readonly DateTimeOffset[] Offsets =
        [new(2026, 12, 7, 3, 4, 5, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(7), new(1999, 12, 31, 23, 0, 0, TimeSpan.FromHours(-5))];
    private static readonly DateOnly[] Dates = [new(2026, 12, 7), new(1, 1, 1), new(9999, 12, 31)];
    private static readonly TimeOnly[] Times = [new(3, 4, 5), new TimeOnly(0, 0).Add(TimeSpan.FromTicks(1)), new(23, 59, 59, 999)];

    private readonly TestDatabase _db = new();
    private readonly InListValueStore _store;

    public InListValueTests()
    {
        _store = new InListValueStore(_db.Pool);
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken))
            lease.Execute("CREATE TABLE vals (id INTEGER PRIMARY KEY, g, dec, dt, dto, d, t)");
        for (int i = 0; i < 3; i++) _store.Insert(i + 1, Guids[i], Decimals[i], DateTimes[i], Offsets[i], Dates[i], Times[i]);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Guid_elements_match()
    {
        Assert.Equal([1L, 3L], _store.ByGuids([Guids[0], Guids[2], Guid.NewGuid()]));
        Assert.Equal([2L], _store.NotGuids([Guids[0], Guids[2]]));
        Assert.Empty(_store.ByGuids([]));
    }

    [Fact]
    public void Decimal_elements_match() => Assert.Equal([2L, 3L], _store.ByDecimals([Decimals[1], Decimals[2], 7m]));

    [Fact]
    public void DateTime_and_DateTimeOffset_elements_match()
    {
        Assert.Equal([1L, 2L], _store.ByDateTimes(DateTimes.Take(2)));
        Assert.Equal([1L, 3L], _store.ByDateTimeOffsets([Offsets[0], Offsets[2]]));
    }

    [Fact]
    public void DateOnly_and_TimeOnly_elements_match()
    {
        Assert.Equal([2L, 3L], _store.ByDates([Dates[1], null, Dates[2]]));
        Assert.Equal([1L, 2L, 3L], _store.ByTimes(Times));
    }
}
