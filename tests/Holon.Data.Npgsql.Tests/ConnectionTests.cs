using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public sealed class ConnectionTests(PgFixture pg)
{
    [Fact]
    public async Task A_transaction_on_the_callers_connection_spans_several_calls_and_rolls_back()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var store = new OrderStore(pg.Primary);
        long customer = Random.Shared.NextInt64(1_000_000, long.MaxValue);
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            long a = await store.AddAsync(connection, customer, 1m, DateTime.UtcNow, null, ct);
            await store.AddAsync(connection, customer, 2m, DateTime.UtcNow, null, ct);
            Assert.Equal(1, await store.SetTotalAsync(connection, a, 9m, ct));
            Assert.Equal(2, await store.CountAsync(connection, customer, ct));
            await using (var other = await pg.Primary.OpenConnectionAsync(ct))
            {
                Assert.Equal(0, await store.CountAsync(other, customer, ct)); // not committed: invisible elsewhere
            }
            await tx.RollbackAsync(ct);
        }
        Assert.Equal(System.Data.ConnectionState.Open, connection.State); // generated calls never close it
        Assert.Equal(0, await store.CountAsync(connection, customer, ct));
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_server_query_and_the_connection_stays_healthy()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var single = pg.Source(Environment.GetEnvironmentVariable("HOLON_PG_STANDBY")!, b => b.MaxPoolSize = 1);
        int pid;
        await using (var c = await single.OpenConnectionAsync(ct)) pid = c.ProcessID;
        var store = new OrderStore(single);

        // Cancel only once the server runs the sleep: a token that fires earlier (while the call still waits for its
        // connection on a busy machine) cancels on the client and proves nothing about the server.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var started = DateTime.UtcNow;
        var call = store.SleepAsync(60, cts.Token);
        await WaitUntilActiveAsync(pid, ct);
        cts.Cancel();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(50), "the server-side sleep was not cancelled");
        Assert.Equal(PostgresErrorCodes.QueryCanceled, Assert.IsType<PostgresException>(e.InnerException).SqlState);

        // The same physical connection (one in the pool, same backend pid) serves the next call.
        Assert.Equal(1, await store.SleepAsync(0, ct));
        await using var again = await single.OpenConnectionAsync(ct);
        Assert.Equal(pid, again.ProcessID);
    }

    /// <summary>Waits (bounded) until backend <paramref name="pid"/> on the standby is running pg_sleep.</summary>
    private async Task WaitUntilActiveAsync(int pid, CancellationToken ct)
    {
        var watcher = pg.Source(Environment.GetEnvironmentVariable("HOLON_PG_STANDBY")!, b => b.MaxPoolSize = 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var cmd = watcher.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'");
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pid });
            if ((long)(await cmd.ExecuteScalarAsync(ct))! == 1) return;
            await Task.Delay(20, ct);
        }

        Assert.Fail($"backend {pid} never showed the pg_sleep call as active within 30 s");
    }

    [Fact]
    public async Task Ten_thousand_calls_prepare_once_per_physical_connection()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var single = pg.Source(Environment.GetEnvironmentVariable("HOLON_PG_PRIMARY")!, b => b.MaxPoolSize = 1);
        var store = new OrderStore(single);
        long id = await store.AddAsync(5, 1m, DateTime.UtcNow, null, ct);
        int pid;
        await using (var c = await single.OpenConnectionAsync(ct)) pid = c.ProcessID;

        for (int i = 0; i < 10_000; i++) Assert.NotNull(await store.GetAsync(id, ct));

        await using var connection = await single.OpenConnectionAsync(ct);
        Assert.Equal(pid, connection.ProcessID);
        await using var cmd = new NpgsqlCommand(
            "SELECT name, generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = $1" });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<(string Name, long Executions)>();
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        // One server-side statement, executed by every one of the 10,000 calls: prepared once, then looked up.
        var row = Assert.Single(rows);
        Assert.Equal(10_000, row.Executions);
    }
}
