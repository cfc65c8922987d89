using System.Data;
using BenchmarkDotNet.Attributes;
using Dapper;
using Holon.Data.Npgsql;
using Npgsql;

namespace Holon.Gen.Benchmarks;

public sealed record PgOrder(long Id, long CustomerId, decimal Total, DateTime PlacedAt, string? Note);

/// <summary>
/// PostgreSQL point lookup by primary key on the primary started by .ci/pg (HOLON_PG_PRIMARY), one pooled
/// physical connection, ids in a fixed order over 10,000 rows:
///   Floor      hand-written: NpgsqlCommand + NpgsqlParameter&lt;long&gt; + Prepare (persistent) + typed getters;
///   Generated  the body the PostgreSQL emitter is to write, calling the Holon.Data.Npgsql helpers;
///   Dapper     QueryFirstOrDefaultAsync with @id (Npgsql rewrites it per call, unprepared).
/// Run: eval "$(bash .ci/pg start)"; dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --filter '*PostgresPointLookup*'
/// </summary>
[MemoryDiagnoser]
public class PostgresPointLookup
{
    private const string Schema = "holon_bench";
    private const string Sql = "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = $1";
    private const int Rows = 10_000;

    private NpgsqlDataSource _db = null!;
    private PgBenchStore _store = null!;
    private int _i;

    private long NextId() => (_i++ % Rows) + 1;

    [GlobalSetup]
    public void Setup()
    {
        var primary = Environment.GetEnvironmentVariable("HOLON_PG_PRIMARY")
            ?? throw new InvalidOperationException("HOLON_PG_PRIMARY is not set: run eval \"$(bash .ci/pg start)\" first.");
        using (var admin = NpgsqlDataSource.Create(primary))
        using (var c = admin.OpenConnection())
        using (var cmd = new NpgsqlCommand($"""
            DROP SCHEMA IF EXISTS {Schema} CASCADE;
            CREATE SCHEMA {Schema};
            CREATE TABLE {Schema}.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12, 2) NOT NULL,
                placed_at timestamptz NOT NULL, note text NULL);
            INSERT INTO {Schema}.orders SELECT g, g % 97, g * 1.25, timestamptz '2026-01-01 00:00Z' + g * interval '1 minute',
                CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END FROM generate_series(1, {Rows}) g;
            ANALYZE {Schema}.orders;
            """, c))
        {
            cmd.ExecuteNonQuery();
        }
        _db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(primary) { SearchPath = Schema }.ConnectionString);
        _store = new PgBenchStore(_db);
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    [Benchmark(Baseline = true)]
    public Task<PgOrder?> Floor() => FloorAsync(NextId(), CancellationToken.None);

    private async Task<PgOrder?> FloorAsync(long id, CancellationToken ct)
    {
        await using var connection = await _db.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        await command.PrepareAsync(ct).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new PgOrder(reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetDateTime(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    [Benchmark]
    public Task<PgOrder?> Generated() => _store.GetAsync(NextId());

    [Benchmark]
    public Task<PgOrder?> Dapper() => DapperAsync(NextId());

    private async Task<PgOrder?> DapperAsync(long id)
    {
        await using var connection = await _db.OpenConnectionAsync().ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<PgOrder>(
            "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = @id", new { id }).ConfigureAwait(false);
    }
}

/// <summary>Line for line what the emitter is to generate for <c>[Query] Task&lt;PgOrder?&gt; GetAsync(long id, CancellationToken ct)</c>.</summary>
public sealed class PgBenchStore(NpgsqlDataSource db)
{
    public async Task<PgOrder?> GetAsync(long id, CancellationToken ct = default)
    {
        const string sql = "SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = $1";
        const string method = "PgBenchStore.GetAsync";
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
            return new PgOrder(
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
}
