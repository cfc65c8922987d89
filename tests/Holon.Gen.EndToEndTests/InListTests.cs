using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// <c>IN @list</c> on SQLite: one JSON text bound to <c>json_each</c>, so one prepared statement serves every length;
/// INTEGER and TEXT columns match their elements; empty matches nothing (NOT IN: everything); NULL elements never match.
/// </summary>
public sealed class InListTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly InListStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public InListTests()
    {
        _store = new InListStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE items (id INTEGER PRIMARY KEY, code TEXT, ratio REAL)");
        lease.Execute("INSERT INTO items (id, code, ratio) SELECT value, 'c' || value, value / 10.0 FROM (WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 20000) SELECT value FROM n)");
        lease.Execute("UPDATE items SET code = 'quote\"back\\é😀' WHERE id = 7");
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Integer_ids_match_empty_one_and_ten_thousand()
    {
        Assert.Empty(_store.ByIds([]));
        Assert.Equal([5L], _store.ByIds([5]));
        var many = Enumerable.Range(1, 10_000).Select(i => (long)i * 2).ToArray();
        Assert.Equal(many.Where(i => i <= 20000).ToList(), _store.ByIds(many));
        Assert.Equal([3L], _store.ByIds([3, long.MaxValue]));
    }

    [Fact]
    public void Text_ids_match_including_escaped_characters()
    {
        Assert.Empty(_store.ByCodes([]));
        Assert.Equal([2L], _store.ByCodes(["c2"]));
        Assert.Equal([7L], _store.ByCodes(["quote\"back\\é😀"]));
        var many = Enumerable.Range(1, 10_000).Select(i => (string?)("c" + i)).ToList();
        Assert.Equal(9_999, _store.ByCodes(many).Count);   // c7 was renamed above
    }

    [Fact]
    public void Not_in_empty_matches_everything_and_excludes_the_list()
    {
        Assert.Equal(20_000, _store.NotIds([]).Count);
        Assert.Equal(19_999, _store.NotIds([1]).Count);
        Assert.Equal(19_998, _store.NotCodes(new[] { "c1", "c2" }.Select(c => (string?)c)).Count);
    }

    [Fact]
    public void Null_elements_never_match_and_make_not_in_match_nothing()
    {
        Assert.Equal([1L], _store.ByNullableIds([null, 1]));
        Assert.Empty(_store.ByNullableIds([null]));
        Assert.Equal([3L], _store.ByCodes([null, "c3"]));
        Assert.Empty(_store.NotCodes(["c1", null]));
    }

    [Fact]
    public void Doubles_round_trip()
    {
        Assert.Equal(2, _store.CountRatios([0.1, 0.3, 12345.678]));
        Assert.Throws<ArgumentException>(() => _store.CountRatios([double.NaN]));
    }

    [Fact]
    public void A_null_list_throws_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _store.ByIds(null!));
        Assert.Equal("ids", error.ParamName);
        Assert.Contains("InListStore.ByIds", error.Message);
    }

    [Fact]
    public void One_statement_is_prepared_for_every_length()
    {
        _store.ByIds([1]);
        long prepared = _db.Pool.Statistics.StatementsPrepared;
        _store.ByIds([1, 2, 3]);
        _store.ByIds(Enumerable.Range(1, 5000).Select(i => (long)i).ToArray());
        _store.ByIds([]);
        Assert.Equal(prepared, _db.Pool.Statistics.StatementsPrepared);
    }

    [Fact]
    public void A_command_deletes_the_listed_rows()
    {
        Assert.Equal(3, _store.Delete([1, 2, 3, 999_999]));
        Assert.Empty(_store.ByIds([1, 2, 3]));
    }

    [Fact]
    public async Task A_watch_with_an_in_list_refreshes()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        await using var watch = _store.WatchCount(["c1", "c2", "new"], cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(2, watch.Current);
        using (var lease = _db.Pool.RentWriter(Ct)) lease.Execute("INSERT INTO items (id, code) VALUES (30000, 'new')");
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(3, watch.Current);
    }
}
