using Npgsql;

[assembly: AssemblyFixture(typeof(Holon.Data.Npgsql.Tests.PgFixture))]

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// One schema per test run on the real primary (replicated to the standby), with the data sources the tests use.
/// Every test calls <see cref="Require"/> first; without servers it skips (developer) or fails (CI).
/// </summary>
public sealed class PgFixture : IAsyncLifetime
{
    readonly List<NpgsqlDataSource> _sources = [];

    public string Schema { get; } = "holon_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The primary's data source (search path = <see cref="Schema"/>).</summary>
    public NpgsqlDataSource Primary { get; private set; } = null!;

    /// <summary>The standby's data source.</summary>
    public NpgsqlDataSource Standby { get; private set; } = null!;

    /// <summary>A multi-host source over both, as an application with replicas would build it.</summary>
    public NpgsqlMultiHostDataSource MultiHost { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var env = PgEnvironment.Current;
        if (env.Problem is not null) return;
        Primary = Source(env.Primary!);
        Standby = Source(env.Standby!);
        var p = new NpgsqlConnectionStringBuilder(env.Primary);
        var s = new NpgsqlConnectionStringBuilder(env.Standby);
        var multi = new NpgsqlConnectionStringBuilder(env.Primary) { Host = $"{p.Host}:{p.Port},{s.Host}:{s.Port}", SearchPath = Schema };
        MultiHost = new NpgsqlDataSourceBuilder(multi.ConnectionString).BuildMultiHost();
        _sources.Add(MultiHost);

        await using var c = await Primary.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand($"""
            CREATE SCHEMA {Schema};
            CREATE TABLE {Schema}.orders (
                id bigserial PRIMARY KEY,
                customer_id bigint NOT NULL,
                total numeric(12, 2) NOT NULL,
                placed_at timestamptz NOT NULL,
                note text NULL);
            """, c);
        await cmd.ExecuteNonQueryAsync();
        await WaitForStandbyAsync(CancellationToken.None);
    }

    public void Require() => PgEnvironment.Current.Require();

    /// <summary>A new data source over one of the servers, owned (disposed) by the fixture.</summary>
    public NpgsqlDataSource Source(string connectionString, Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Schema };
        configure?.Invoke(b);
        var source = NpgsqlDataSource.Create(b.ConnectionString);
        _sources.Add(source);
        return source;
    }

    /// <summary>Runs SQL on the primary (or <paramref name="on"/>).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct, NpgsqlDataSource? on = null)
    {
        await using var c = await (on ?? Primary).OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task WaitForStandbyAsync(CancellationToken ct)
    {
        await using var p = await Primary.OpenConnectionAsync(ct);
        // The insert position, not pg_current_wal_lsn(): with synchronous_commit = off (.ci/pg) a commit record
        // can still sit in the WAL buffers, before the write position, when the call that made it returns.
        await using var lsn = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text", p);
        var target = (string)(await lsn.ExecuteScalarAsync(ct))!;
        await using var s = await Standby.OpenConnectionAsync(ct);
        await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", s);
        replayed.Parameters.Add(new NpgsqlParameter<string> { TypedValue = target });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(bool)(await replayed.ExecuteScalarAsync(ct))!)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The standby did not replay up to {target} in 30 s.");
            await Task.Delay(20, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (PgEnvironment.Current.Problem is null)
        {
            await using var c = await Primary.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand($"DROP SCHEMA {Schema} CASCADE", c);
            await cmd.ExecuteNonQueryAsync();
        }
        foreach (var s in _sources) await s.DisposeAsync();
    }
}
