using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// The ordered storages compare and sort as the values do: instants whatever their offsets (TEXT storage sorts by the
/// local clock text), Guids in <see cref="Guid.CompareTo(Guid)"/> order; and they round-trip.
/// </summary>
public sealed class OrderedStorageTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly OrderedStorageStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public OrderedStorageTests()
    {
        _store = new OrderedStorageStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE stamps (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, at_ms INTEGER, key BLOB NOT NULL)");
    }

    public void Dispose() => _db.Dispose();

#pragma warning disable HOLON101
    private T Raw<T>(string sql)
    {
        using var lease = _db.Pool.RentReader(Ct);
        return lease.Scalar<T>(sql)!;
    }
#pragma warning restore HOLON101

    // Later instants with earlier local clock text: 10:00+05:00 is 05:00Z, 09:00+00:00 is 09:00Z, 08:00-03:00 is 11:00Z.
    private static readonly DateTimeOffset First = new(2026, 3, 1, 10, 0, 0, 123, TimeSpan.FromHours(5));
    private static readonly DateTimeOffset Second = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Third = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(-3));

    [Fact]
    public void DateTimeOffset_as_ticks_and_milliseconds_orders_by_instant_and_round_trips()
    {
        _store.Insert(new Stamp(1, Third, Third, Guid.NewGuid()));
        _store.Insert(new Stamp(2, First.AddTicks(4567), First, Guid.NewGuid()));
        _store.Insert(new Stamp(3, Second, null, Guid.NewGuid()));
        Assert.Equal("integer", Raw<string>("SELECT typeof(at) FROM stamps WHERE id = 1"));
        Assert.Equal(Third.UtcTicks, Raw<long>("SELECT at FROM stamps WHERE id = 1"));
        Assert.Equal(Third.ToUnixTimeMilliseconds(), Raw<long>("SELECT at_ms FROM stamps WHERE id = 1"));

        var rows = _store.ByAt();
        Assert.Equal([2L, 3L, 1L], rows.Select(r => r.Id));
        // Ticks keep every tick; milliseconds drop what is below one. Both come back as the same instant at offset zero.
        Assert.Equal(First.AddTicks(4567), rows[0].At);
        Assert.Equal(TimeSpan.Zero, rows[0].At.Offset);
        Assert.Equal(First, rows[0].AtMs);
        Assert.Null(rows[1].AtMs);
        Assert.Equal([3L, 2L, 1L], _store.ByAtMs()); // NULL first, then by instant
        Assert.Equal([1L, 3L], _store.After(First.AddHours(1)));
    }

    [Fact]
    public void Guid_as_blob_is_16_bytes_in_Guid_order_and_round_trips()
    {
        var keys = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid())
            .Concat([Guid.Empty, Guid.AllBitsSet, Guid.Parse("80000000-0000-0000-0000-000000000000"), Guid.Parse("00000000-0000-0000-8000-000000000000")])
            .ToList();
        for (int i = 0; i < keys.Count; i++) _store.Insert(new Stamp(i, Second, null, keys[i]));
        Assert.Equal(16L, Raw<long>("SELECT length(key) FROM stamps WHERE id = 0"));
        Assert.Equal("blob", Raw<string>("SELECT typeof(key) FROM stamps WHERE id = 0"));
        var expected = Enumerable.Range(0, keys.Count).OrderBy(i => keys[i]).Select(i => (long)i).ToList();
        Assert.Equal(expected, _store.ByKey());
        Assert.Equal(keys, _store.ByAt().OrderBy(r => r.Id).Select(r => r.Key));
        Assert.Equal(7L, _store.ByKeyValue(keys[7]));
        Assert.Null(_store.ByKeyValue(Guid.NewGuid()));
    }

    [Fact]
    public void A_blob_of_another_length_is_not_a_Guid()
    {
        Assert.Throws<FormatException>(() => GuidAsBlob.FromStore(new byte[15]));
    }
}
