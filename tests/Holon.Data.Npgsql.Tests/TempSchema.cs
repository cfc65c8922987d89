using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>A schema of its own on the primary for one test (dropped at the end), with a data source whose search path is it.</summary>
public sealed class TempSchema : IAsyncDisposable
{
    readonly PgFixture _pg;

    TempSchema(PgFixture pg, string name, NpgsqlDataSource source)
    {
        _pg = pg;
        Name = name;
        Source = source;
    }

    public string Name { get; }

    /// <summary>The primary, search path = <see cref="Name"/>.</summary>
    public NpgsqlDataSource Source { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Primary) { SearchPath = Name }.ConnectionString;

    public static async Task<TempSchema> CreateAsync(PgFixture pg, CancellationToken ct)
    {
        string name = "holon_t_" + Guid.NewGuid().ToString("N")[..12];
        await pg.ExecuteAsync($"CREATE SCHEMA {name}", ct);
        var source = pg.Source(PgEnvironment.Current.Primary!, b => b.SearchPath = name);
        return new TempSchema(pg, name, source);
    }

    public Task ExecuteAsync(string sql, CancellationToken ct) => _pg.ExecuteAsync(sql, ct, Source);

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var c = await Source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull ? default! : (T)value!;
    }

    readonly List<string> _cleanup = [];

    /// <summary>SQL to run before the schema is dropped (publications live outside schemas).</summary>
    public void OnDispose(string sql) => _cleanup.Add(sql);

    public async ValueTask DisposeAsync()
    {
        foreach (var sql in _cleanup) await _pg.ExecuteAsync(sql, CancellationToken.None);
        await _pg.ExecuteAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE", CancellationToken.None);
    }
}
