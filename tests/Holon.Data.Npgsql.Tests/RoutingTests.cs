using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public sealed class RoutingTests(PgFixture pg)
{
    [Fact]
    public async Task Queries_run_on_the_standby_commands_and_ReadFromPrimary_on_the_primary()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var store = new OrderStore(pg.MultiHost);
        Assert.True(await store.QueryInRecoveryAsync(ct));
        Assert.False(await store.CommandInRecoveryAsync(ct));
        Assert.False(await store.QueryOnPrimaryInRecoveryAsync(ct));
    }

    [Fact]
    public async Task A_plain_data_source_runs_everything_on_its_one_host()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var onPrimary = new OrderStore(pg.Primary);
        Assert.False(await onPrimary.QueryInRecoveryAsync(ct));
        Assert.False(await onPrimary.CommandInRecoveryAsync(ct));
        var onStandby = new OrderStore(pg.Standby);
        Assert.True(await onStandby.QueryInRecoveryAsync(ct));
        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(() => onStandby.CommandInRecoveryAsync(ct));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, e.SqlState); // it ran on the standby
        Assert.Same(pg.Primary, NpgsqlRoute.Query(pg.Primary));
        Assert.Same(pg.Primary, NpgsqlRoute.Command(pg.Primary));
    }

    [Fact]
    public void Routed_sources_are_cached_per_multi_host_source()
    {
        pg.Require();
        Assert.Same(NpgsqlRoute.Query(pg.MultiHost), NpgsqlRoute.Query(pg.MultiHost));
        Assert.Same(NpgsqlRoute.Command(pg.MultiHost), NpgsqlRoute.Command(pg.MultiHost));
        Assert.Same(NpgsqlRoute.Command(pg.MultiHost), NpgsqlRoute.Query(pg.MultiHost, readFromPrimary: true));
        Assert.NotSame(NpgsqlRoute.Query(pg.MultiHost), NpgsqlRoute.Command(pg.MultiHost));
    }

    [Fact]
    public async Task Rows_written_by_a_command_are_read_back_from_the_standby()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var store = new OrderStore(pg.MultiHost);
        var placed = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        long id = await store.AddAsync(71, 12.34m, placed, "first", ct);
        long id2 = await store.AddAsync(71, 5m, placed, null, ct);
        await pg.WaitForStandbyAsync(ct);

        Assert.Equal(new Order(id, 71, 12.34m, placed, "first"), await store.GetAsync(id, ct));
        Assert.Equal(new Order(id2, 71, 5m, placed, null), store.Get(id2));
        Assert.Null(await store.GetAsync(-1, ct));
        Assert.Equal([id, id2], (await store.GetManyAsync([id2, id, -5], ct)).Select(o => o.Id));
        var streamed = new List<long>();
        await foreach (var x in store.StreamIdsAsync(71, ct)) streamed.Add(x);
        Assert.Equal([id, id2], streamed);
    }

    [Fact]
    public async Task Writing_through_a_query_route_fails_on_the_standby_with_its_SqlState()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var c = await NpgsqlRoute.Query(pg.MultiHost).OpenConnectionAsync(ct);
        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(() =>
            new OrderStore(pg.MultiHost).AddAsync(c, 1, 1m, DateTime.UtcNow, null, ct));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, e.SqlState);
        Assert.Equal("Holon.Data.Npgsql.Tests.OrderStore.AddAsync", e.Method);
        Assert.Contains("INSERT INTO orders", e.Message);
        Assert.Contains("OrderStore.AddAsync", e.Message);
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, e.PostgresException!.SqlState);
    }
}
