using System.Data.Common;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public sealed class ErrorTests(PgFixture pg)
{
    [Fact]
    public async Task NULL_into_a_non_nullable_member_names_column_member_method_and_SQL()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        const string sql = "SELECT NULL::bigint AS customer_id";
        var definition = new StatementDefinition(sql, StatementKind.Query, [], ["CustomerId"], "OrderStore.GetAsync");
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, "OrderStore.GetAsync", ct);
        Assert.True(await s.StepAsync());
        var e = Assert.Throws<InvalidCastException>(() => s.Get<long>(s.RequiredOrdinal(0), "CustomerId"));
        Assert.Contains("'customer_id'", e.Message);
        Assert.Contains("'CustomerId'", e.Message);
        Assert.Contains("OrderStore.GetAsync", e.Message);
        Assert.Contains(sql, e.Message);
    }

    [Fact]
    public async Task A_missing_column_names_the_method_and_lists_the_columns()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        const string sql = "SELECT 1 AS id, 2 AS total";
        var definition = new StatementDefinition(sql, StatementKind.Query, [], ["TOTAL", "PlacedAt"], "S.M");
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var s = new NpgsqlLease(connection).Statement(definition, "S.M", ct);
        Assert.True(await s.StepAsync());
        Assert.Equal(1, s.RequiredOrdinal(0)); // case-insensitive, like PostgreSQL's folding
        var e = Assert.Throws<InvalidOperationException>(() => s.RequiredOrdinal(1));
        Assert.Contains("S.M", e.Message);
        Assert.Contains("'PlacedAt'", e.Message);
        Assert.Contains("id, total", e.Message);
        Assert.Contains(sql, e.Message);
    }

    [Fact]
    public async Task Server_errors_are_wrapped_naming_method_and_SQL_with_SqlState_intact()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        var store = new OrderStore(pg.Primary);
        long id = await store.AddAsync(connection, 3, 1m, DateTime.UtcNow, null, ct);

        // numeric(12,2) overflow: a server error from a generated call.
        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(() => store.SetTotalAsync(connection, id, 1e12m, ct));
        Assert.Equal(PostgresErrorCodes.NumericValueOutOfRange, e.SqlState);
        Assert.Equal("Holon.Data.Npgsql.Tests.OrderStore.SetTotalAsync", e.Method);
        Assert.Equal("UPDATE orders SET total = $1 WHERE id = $2", e.Sql);
        Assert.StartsWith("Holon.Data.Npgsql.Tests.OrderStore.SetTotalAsync failed: 22003", e.Message);
        Assert.EndsWith("SQL: UPDATE orders SET total = $1 WHERE id = $2", e.Message);
        Assert.IsType<PostgresException>(e.InnerException);
        Assert.False(e.IsTransient);
        DbException asDb = e; // callers that catch DbException see the server's code
        Assert.Equal("22003", asDb.SqlState);

        // The connection is still usable after the error (no transaction was open).
        Assert.Equal(1, await store.SetTotalAsync(connection, id, 2m, ct));
    }
}
