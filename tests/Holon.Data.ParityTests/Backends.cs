using Npgsql;

[assembly: AssemblyFixture(typeof(Holon.Data.ParityTests.Backends))]

namespace Holon.Data.ParityTests;

/// <summary>
/// Both databases, each with the same table: a temporary SQLite file, and a schema of its own on the PostgreSQL
/// primary that .ci/pg starts (HOLON_PG_PRIMARY). Without that variable PostgreSQL cases skip on a developer machine
/// and fail in CI (CI=true), as in Holon.Data.Npgsql.Tests.
/// </summary>
public sealed class Backends : IAsyncLifetime
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    readonly string _file = Path.Combine(Path.GetTempPath(), "holon-parity-" + Guid.NewGuid().ToString("N") + ".db");
    readonly string _schema = "holon_parity_" + Guid.NewGuid().ToString("N")[..12];
    readonly string? _postgres = Environment.GetEnvironmentVariable("HOLON_PG_PRIMARY");
    SqlitePool? _pool;
    NpgsqlDataSource? _source;

    public async ValueTask InitializeAsync()
    {
        _pool = new SqlitePool("Data Source=" + _file);
        using (var lease = _pool.RentWriter())
        {
            lease.ExecuteScript("""
                CREATE TABLE parity_items (id INTEGER PRIMARY KEY, tag TEXT NOT NULL, count INTEGER NOT NULL, small INTEGER NOT NULL,
                    flag INTEGER NOT NULL, ratio REAL NOT NULL, price TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL,
                    at TEXT NOT NULL, day TEXT NOT NULL, data BLOB NOT NULL, size INTEGER NOT NULL, color TEXT NOT NULL, maybe INTEGER NULL);
                """);
        }
        if (string.IsNullOrWhiteSpace(_postgres)) return;
        var builder = new NpgsqlConnectionStringBuilder(_postgres) { SearchPath = _schema };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var c = await _source.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand($"""
            CREATE SCHEMA {_schema};
            CREATE TABLE {_schema}.parity_items (id bigserial PRIMARY KEY, tag text NOT NULL, count integer NOT NULL,
                small smallint NOT NULL, flag boolean NOT NULL, ratio double precision NOT NULL, price numeric NOT NULL,
                name text NOT NULL, key uuid NOT NULL, at timestamp NOT NULL, day date NOT NULL, data bytea NOT NULL,
                size integer NOT NULL, color text NOT NULL, maybe integer NULL);
            """, c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The store over <paramref name="backend"/>; skips (or, in CI, fails) when PostgreSQL is not there.</summary>
    public IParityStore Store(string backend)
    {
        if (backend == Sqlite) return new SqliteParityStore(_pool!);
        if (_source is null)
        {
            string problem = "HOLON_PG_PRIMARY is not set: start the servers with `eval \"$(bash .ci/pg start)\"` (.ci/run does).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail("CI=true and PostgreSQL is missing. " + problem);
            Assert.Skip(problem);
        }
        return new PostgresParityStore(_source);
    }

    /// <summary>What the generated errors quote as the calling method.</summary>
    public static string Origin(string backend, string method) =>
        "Holon.Data.ParityTests." + (backend == Sqlite ? nameof(SqliteParityStore) : nameof(PostgresParityStore)) + "." + method;

    public async ValueTask DisposeAsync()
    {
        if (_pool is not null) await _pool.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
        if (_source is null) return;
        await using (var c = await _source.OpenConnectionAsync())
        await using (var cmd = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", c))
            await cmd.ExecuteNonQueryAsync();
        await _source.DisposeAsync();
    }
}
