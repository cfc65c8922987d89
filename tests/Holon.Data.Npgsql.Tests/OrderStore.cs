using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public sealed record Order(long Id, long CustomerId, decimal Total, DateTime PlacedAt, string? Note);

/// <summary>
/// Written by hand, line for line the shape the PostgreSQL emitter is to produce for the OrderStore
/// (see the issue-17 report): the tests and the benchmarks run the runtime helpers exactly as generated code will.
/// </summary>
public sealed class OrderStore(NpgsqlDataSource db)
{
    // [Query("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = @id")]
    public async Task<Order?> GetAsync(long id, CancellationToken ct = default)
    {
        const string sql = "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = $1";
        const string method = "OrderStore.GetAsync";
        try
        {
            await using var connection = await NpgsqlRoute.Query(db).OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, id);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }
            int o0 = NpgsqlRead.Ordinal(reader, "id", method, sql);
            int o1 = NpgsqlRead.Ordinal(reader, "customer_id", method, sql);
            int o2 = NpgsqlRead.Ordinal(reader, "total", method, sql);
            int o3 = NpgsqlRead.Ordinal(reader, "placed_at", method, sql);
            int o4 = NpgsqlRead.Ordinal(reader, "note", method, sql);
            return new Order(
                NpgsqlRead.Required<long>(reader, o0, "Id", method, sql),
                NpgsqlRead.Required<long>(reader, o1, "CustomerId", method, sql),
                NpgsqlRead.Required<decimal>(reader, o2, "Total", method, sql),
                NpgsqlRead.Required<DateTime>(reader, o3, "PlacedAt", method, sql),
                NpgsqlRead.OrNull<string>(reader, o4));
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Query("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = @id")] (synchronous)
    public Order? Get(long id)
    {
        const string sql = "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = $1";
        const string method = "OrderStore.Get";
        try
        {
            using var connection = NpgsqlRoute.Query(db).OpenConnection();
            using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, id);
            command.Prepare();
            using var reader = command.ExecuteReader(CommandBehavior.SingleRow);
            if (!reader.Read())
            {
                return null;
            }
            int o0 = NpgsqlRead.Ordinal(reader, "id", method, sql);
            int o1 = NpgsqlRead.Ordinal(reader, "customer_id", method, sql);
            int o2 = NpgsqlRead.Ordinal(reader, "total", method, sql);
            int o3 = NpgsqlRead.Ordinal(reader, "placed_at", method, sql);
            int o4 = NpgsqlRead.Ordinal(reader, "note", method, sql);
            return new Order(
                NpgsqlRead.Required<long>(reader, o0, "Id", method, sql),
                NpgsqlRead.Required<long>(reader, o1, "CustomerId", method, sql),
                NpgsqlRead.Required<decimal>(reader, o2, "Total", method, sql),
                NpgsqlRead.Required<DateTime>(reader, o3, "PlacedAt", method, sql),
                NpgsqlRead.OrNull<string>(reader, o4));
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Query("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = ANY(@ids) ORDER BY id")]
    public async Task<List<Order>> GetManyAsync(List<long> ids, CancellationToken ct = default)
    {
        const string sql = "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = ANY($1) ORDER BY id";
        const string method = "OrderStore.GetManyAsync";
        try
        {
            await using var connection = await NpgsqlRoute.Query(db).OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, ids);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var result = new List<Order>();
            int o0 = NpgsqlRead.Ordinal(reader, "id", method, sql);
            int o1 = NpgsqlRead.Ordinal(reader, "customer_id", method, sql);
            int o2 = NpgsqlRead.Ordinal(reader, "total", method, sql);
            int o3 = NpgsqlRead.Ordinal(reader, "placed_at", method, sql);
            int o4 = NpgsqlRead.Ordinal(reader, "note", method, sql);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(new Order(
                    NpgsqlRead.Required<long>(reader, o0, "Id", method, sql),
                    NpgsqlRead.Required<long>(reader, o1, "CustomerId", method, sql),
                    NpgsqlRead.Required<decimal>(reader, o2, "Total", method, sql),
                    NpgsqlRead.Required<DateTime>(reader, o3, "PlacedAt", method, sql),
                    NpgsqlRead.OrNull<string>(reader, o4)));
            }
            return result;
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Query("SELECT id FROM orders WHERE customer_id = @customerId ORDER BY id")] streaming
    public async IAsyncEnumerable<long> StreamIdsAsync(long customerId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const string sql = "SELECT id FROM orders WHERE customer_id = $1 ORDER BY id";
        const string method = "OrderStore.StreamIdsAsync";
        // No try/catch around a yield: generated streaming code wraps at each await instead (see the report).
        await using var connection = await NpgsqlRoute.Query(db).OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        NpgsqlBind.Add(command, customerId);
        await command.PrepareAsync(ct).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        int o0 = NpgsqlRead.Ordinal(reader, "id", method, sql);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return NpgsqlRead.Required<long>(reader, o0, "Item", method, sql);
        }
    }

    // [Query("SELECT pg_is_in_recovery()")]
    public Task<bool> QueryInRecoveryAsync(CancellationToken ct = default) =>
        InRecoveryAsync(NpgsqlRoute.Query(db), "OrderStore.QueryInRecoveryAsync", ct);

    // [Query("SELECT pg_is_in_recovery()", ReadFromPrimary = true)]
    public Task<bool> QueryOnPrimaryInRecoveryAsync(CancellationToken ct = default) =>
        InRecoveryAsync(NpgsqlRoute.Query(db, readFromPrimary: true), "OrderStore.QueryOnPrimaryInRecoveryAsync", ct);

    // [Command("SELECT pg_is_in_recovery()")] (a command that reports where it ran)
    public Task<bool> CommandInRecoveryAsync(CancellationToken ct = default) =>
        InRecoveryAsync(NpgsqlRoute.Command(db), "OrderStore.CommandInRecoveryAsync", ct);

    static async Task<bool> InRecoveryAsync(NpgsqlDataSource source, string method, CancellationToken ct)
    {
        const string sql = "SELECT pg_is_in_recovery()";
        try
        {
            await using var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return NpgsqlRead.Required<bool>(reader, 0, "result", method, sql);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Command("INSERT INTO orders (customer_id, total, placed_at, note) VALUES (@customerId, @total, @placedAt, @note) RETURNING id")]
    public async Task<long> AddAsync(long customerId, decimal total, DateTime placedAt, string? note, CancellationToken ct = default)
    {
        await using var connection = await NpgsqlRoute.Command(db).OpenConnectionAsync(ct).ConfigureAwait(false);
        return await AddAsync(connection, customerId, total, placedAt, note, ct).ConfigureAwait(false);
    }

    // The same [Command] with a caller's connection: runs in its transaction, never closes it.
    public async Task<long> AddAsync(NpgsqlConnection connection, long customerId, decimal total, DateTime placedAt, string? note,
        CancellationToken ct = default)
    {
        const string sql = "INSERT INTO orders (customer_id, total, placed_at, note) VALUES ($1, $2, $3, $4) RETURNING id";
        const string method = "OrderStore.AddAsync";
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, customerId);
            NpgsqlBind.Add(command, total);
            NpgsqlBind.Add(command, placedAt);
            NpgsqlBind.Add(command, note);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return NpgsqlRead.Required<long>(reader, 0, "result", method, sql);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Command("UPDATE orders SET total = @total WHERE id = @id")] on a caller's connection
    public async Task<int> SetTotalAsync(NpgsqlConnection connection, long id, decimal total, CancellationToken ct = default)
    {
        const string sql = "UPDATE orders SET total = $2 WHERE id = $1";
        const string method = "OrderStore.SetTotalAsync";
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, id);
            NpgsqlBind.Add(command, total);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Query("SELECT count(*) FROM orders WHERE customer_id = @customerId")] on a caller's connection
    public async Task<long> CountAsync(NpgsqlConnection connection, long customerId, CancellationToken ct = default)
    {
        const string sql = "SELECT count(*) FROM orders WHERE customer_id = $1";
        const string method = "OrderStore.CountAsync";
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, customerId);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return NpgsqlRead.Required<long>(reader, 0, "result", method, sql);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    // [Query("SELECT 1 FROM pg_sleep(@seconds)")]
    public async Task<int> SleepAsync(double seconds, CancellationToken ct = default)
    {
        const string sql = "SELECT 1 FROM pg_sleep($1)";
        const string method = "OrderStore.SleepAsync";
        try
        {
            await using var connection = await NpgsqlRoute.Query(db).OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            NpgsqlBind.Add(command, seconds);
            await command.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return NpgsqlRead.Required<int>(reader, 0, "result", method, sql);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }
}
