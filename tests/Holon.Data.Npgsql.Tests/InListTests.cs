using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>IN-lists on PostgreSQL: <c>IN @ids</c> runs as <c>= ANY($1)</c>, <c>NOT IN</c> as <c>&lt;&gt; ALL($1)</c>, one array bound.</summary>
public sealed partial class InListStore(NpgsqlDataSource db)
{
    [Query("SELECT g FROM generate_series(1::bigint, 20000::bigint) AS g WHERE g IN @ids ORDER BY g")]
    public partial Task<List<long>> ByIdsAsync(long[] ids, CancellationToken ct = default);

    [Query("SELECT count(*) FROM generate_series(1::bigint, 20000::bigint) AS g WHERE g NOT IN @ids")]
    public partial Task<long> CountNotAsync(IReadOnlyList<long> ids, CancellationToken ct = default);

    [Query("SELECT g FROM generate_series(1, 20000) AS g WHERE 'c' || g IN @codes ORDER BY g")]
    public partial Task<List<int>> ByCodesAsync(IEnumerable<string?> codes, CancellationToken ct = default);

    [Query("SELECT count(*) FROM generate_series(1, 20000) AS g WHERE 'c' || g NOT IN @codes")]
    public partial Task<long> CountNotCodesAsync(List<string?> codes, CancellationToken ct = default);
}

public sealed class InListTests(PgFixture pg)
{
    InListStore Store()
    {
        pg.Require();
        return new InListStore(pg.Primary);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Integer_ids_match_empty_one_and_ten_thousand()
    {
        var store = Store();
        Assert.Empty(await store.ByIdsAsync([], Ct));
        Assert.Equal([5L], await store.ByIdsAsync([5], Ct));
        var many = Enumerable.Range(1, 10_000).Select(i => (long)i * 2).ToArray();
        Assert.Equal(many.Where(i => i <= 20000).ToList(), await store.ByIdsAsync(many, Ct));
    }

    [Fact]
    public async Task Text_ids_match()
    {
        var store = Store();
        Assert.Empty(await store.ByCodesAsync([], Ct));
        Assert.Equal([2], await store.ByCodesAsync(["c2"], Ct));
        Assert.Equal(10_000, (await store.ByCodesAsync(Enumerable.Range(1, 10_000).Select(i => (string?)("c" + i)), Ct)).Count);
    }

    [Fact]
    public async Task Not_in_empty_matches_everything_and_excludes_the_list()
    {
        var store = Store();
        Assert.Equal(20_000, await store.CountNotAsync([], Ct));
        Assert.Equal(19_999, await store.CountNotAsync([1], Ct));
        Assert.Equal(19_998, await store.CountNotCodesAsync(["c1", "c2"], Ct));
    }

    [Fact]
    public async Task Null_elements_never_match_and_make_not_in_match_nothing()
    {
        var store = Store();
        Assert.Equal([3], await store.ByCodesAsync([null, "c3"], Ct));
        Assert.Empty(await store.ByCodesAsync([null], Ct));
        Assert.Equal(0, await store.CountNotCodesAsync(["c1", null], Ct));
    }

    [Fact]
    public async Task A_null_list_throws_naming_the_parameter()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => Store().ByIdsAsync(null!, Ct));
        Assert.Equal("ids", error.ParamName);
    }
}
