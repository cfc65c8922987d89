using Holon.Data.Npgsql.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>AddHolonNpgsql(...).WithMigrations with a real generic host against the real primary.</summary>
public sealed class HostMigrationTests(PgFixture pg)
{
    static readonly Migration[] Notes =
    [
        new(1, "notes", "CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);"),
        new(2, "seed", "INSERT INTO notes (body) VALUES ('first');"),
    ];

    /// <summary>A hosted service that reads the schema in its StartAsync, i.e. "the app starts serving".</summary>
    sealed class Reader(NpgsqlDataSource db) : IHostedService
    {
        public bool Started { get; private set; }

        public long? Notes { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            await using var cmd = db.CreateCommand("SELECT count(*) FROM notes");
            Notes = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    static IHost Build(string connectionString, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        configure(builder.Services);
        builder.Services.AddSingleton<Reader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reader>());
        return builder.Build();
    }

    [Fact]
    public async Task WithMigrations_applies_before_the_app_serves_and_a_second_host_start_applies_nothing()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);

        using (var host = Build(s.ConnectionString, services => services.AddHolonNpgsql().WithMigrations(Notes)))
        {
            await host.StartAsync(ct);
            Assert.Equal(1L, host.Services.GetRequiredService<Reader>().Notes);
            var migration = host.Services.GetServices<IHostedService>().OfType<NpgsqlMigrationService>().Single();
            Assert.Equal([1, 2], migration.Result!.Applied);
            await host.StopAsync(ct);
        }

        using (var again = Build(s.ConnectionString, services => services.MigrateNpgsqlDataSourceOnStartup(Notes)))
        {
            await again.StartAsync(ct);
            var migration = again.Services.GetServices<IHostedService>().OfType<NpgsqlMigrationService>().Single();
            Assert.Empty(migration.Result!.Applied);
            Assert.Equal((2, 2), (migration.Result.FromVersion, migration.Result.ToVersion));
            // Applied once: the seed row is still the only one.
            Assert.Equal(1L, again.Services.GetRequiredService<Reader>().Notes);
            await again.StopAsync(ct);
        }
        Assert.Equal(2L, await s.ScalarAsync<long>("SELECT count(*) FROM holon_migrations", ct));
    }

    [Fact]
    public async Task A_failing_migration_makes_StartAsync_throw_and_no_hosted_service_starts()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        Migration[] bad = [Notes[0], new(2, "broken", "INSERT INTO no_such_table (body) VALUES ('x');")];

        using var host = Build(s.ConnectionString, services => services.AddHolonNpgsql().WithMigrations(bad));
        var e = await Assert.ThrowsAsync<MigrationException>(() => host.StartAsync(ct));

        Assert.Contains("no_such_table", e.Message);
        Assert.IsType<PostgresException>(e.InnerException);
        Assert.False(host.Services.GetRequiredService<Reader>().Started);
        // Migration 1 committed on its own; 2 rolled back with nothing left behind.
        Assert.Equal(1, await s.ScalarAsync<int>("SELECT max(version) FROM holon_migrations", ct));
    }

    [Fact]
    public async Task A_keyed_data_source_is_migrated_and_the_unkeyed_one_is_not_touched()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var keyed = await TempSchema.CreateAsync(pg, ct);
        await using var other = await TempSchema.CreateAsync(pg, ct);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddKeyedSingleton("orders", (_, _) => NpgsqlDataSource.Create(keyed.ConnectionString));
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(other.ConnectionString));
        builder.Services.AddHolonNpgsql("orders").WithMigrations(Notes);
        using var host = builder.Build();

        await host.StartAsync(ct);

        Assert.Equal(2, await keyed.ScalarAsync<int>("SELECT max(version) FROM holon_migrations", ct));
        Assert.Equal(0L, await other.ScalarAsync<long>(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'holon_migrations'", ct));
        await host.StopAsync(ct);
    }

    [Fact]
    public void An_empty_migration_list_is_refused_naming_the_method_and_the_key()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => services.AddHolonNpgsql("orders").WithMigrations([]));
        Assert.StartsWith("WithMigrations: the migration list for data source 'orders' is empty", e.Message);
    }
}
