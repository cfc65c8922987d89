using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Holon.Data.DependencyInjection.Tests;

/// <summary>.WithMigrations and MigrateSqlitePoolOnStartup with a real generic host and real files.</summary>
public sealed class MigrationStartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Migration[] s_notes =
    [
        new(1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"),
        new(2, "seed", "INSERT INTO notes (body) VALUES ('first')"),
    ];

    private static readonly Migration[] s_cache =
    [
        new(1, "entries", "CREATE TABLE entries (k TEXT PRIMARY KEY, v BLOB)"),
    ];

    /// <summary>A hosted service that reads the schema in its StartAsync, i.e. "the app starts serving".</summary>
    private sealed class Reader(SqlitePool pool) : IHostedService
    {
        public long? Notes { get; private set; }

        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            using var lease = pool.RentReader(cancellationToken);
            Notes = lease.Scalar<long>("SELECT count(*) FROM notes");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static HostApplicationBuilder NewBuilder() => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

    [Fact]
    public async Task Migrations_are_applied_before_a_hosted_service_that_reads_starts()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.Services.AddSqlitePool(_folder.ConnectionString("app.db"));
        builder.Services.MigrateSqlitePoolOnStartup(s_notes);
        // Registered after the migrations here; the next test registers the reader first.
        builder.Services.AddSingleton<Reader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reader>());
        using var host = builder.Build();

        await host.StartAsync(ct);

        var reader = host.Services.GetRequiredService<Reader>();
        Assert.Equal(1L, reader.Notes);
        var migration = host.Services.GetServices<IHostedService>().OfType<SqlitePoolMigrationService>().Single();
        Assert.NotNull(migration.Result);
        Assert.Equal(2, migration.Result!.ToVersion);
        Assert.Equal([1, 2], migration.Result.Applied);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task A_hosted_service_registered_before_the_migrations_still_runs_after_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.Services.AddSingleton<Reader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reader>());
        builder.Services.AddSqlitePool(_folder.ConnectionString("order.db"));
        builder.Services.MigrateSqlitePoolOnStartup(s_notes);
        using var host = builder.Build();

        await host.StartAsync(ct);

        Assert.Equal(1L, host.Services.GetRequiredService<Reader>().Notes);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task A_failing_migration_stops_the_host_with_the_MigrationException_and_nothing_else_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        Migration[] broken =
        [
            new(1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"),
            new(2, "typo", "ALTER TABLE nope ADD COLUMN x INTEGER"),
        ];
        var builder = NewBuilder();
        builder.Services.AddSqlitePool(_folder.ConnectionString("broken.db"));
        builder.Services.MigrateSqlitePoolOnStartup(broken);
        builder.Services.AddSingleton<Reader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reader>());
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<MigrationException>(() => host.StartAsync(ct));

        Assert.Equal(2, e.Version);
        Assert.Equal("typo", e.Name);
        Assert.False(host.Services.GetRequiredService<Reader>().Started);
        // Migration 2 rolled back on its own; migration 1 stays applied.
        var pool = host.Services.GetRequiredService<SqlitePool>();
        using var lease = pool.RentReader(ct);
        Assert.Equal(1L, lease.Scalar<long>("PRAGMA user_version"));
    }

    [Fact]
    public async Task Keyed_pools_each_apply_their_own_migrations()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.Services.AddKeyedSqlitePool("notes", _folder.ConnectionString("notes.db"));
        builder.Services.AddKeyedSqlitePool("cache", _folder.ConnectionString("cache.db"));
        builder.Services.MigrateSqlitePoolOnStartup(s_notes, serviceKey: "notes");
        builder.Services.MigrateSqlitePoolOnStartup(s_cache, serviceKey: "cache");
        using var host = builder.Build();

        await host.StartAsync(ct);

        var notes = host.Services.GetRequiredKeyedService<SqlitePool>("notes");
        var cache = host.Services.GetRequiredKeyedService<SqlitePool>("cache");
        using (var lease = notes.RentReader(ct))
        {
            Assert.Equal(2L, lease.Scalar<long>("PRAGMA user_version"));
            Assert.Equal(1L, lease.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'notes'"));
            Assert.Equal(0L, lease.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'entries'"));
        }

        using (var lease = cache.RentReader(ct))
        {
            Assert.Equal(1L, lease.Scalar<long>("PRAGMA user_version"));
            Assert.Equal(1L, lease.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'entries'"));
            Assert.Equal(0L, lease.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'notes'"));
        }

        await host.StopAsync(ct);
    }

    [Fact]
    public void An_empty_migration_list_is_refused_with_the_method_name()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => services.MigrateSqlitePoolOnStartup([], serviceKey: "notes"));
        Assert.Contains("MigrateSqlitePoolOnStartup", e.Message, StringComparison.Ordinal);
        Assert.Contains("'notes'", e.Message, StringComparison.Ordinal);
    }
    [Fact]
    public async Task WithMigrations_after_AddSqlitePool_applies_them_before_the_app_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        // The spelling, and an ordinary registration chained after it.
        builder.Services.AddSqlitePool(_folder.ConnectionString("with.db"))
            .WithMigrations(s_notes)
            .AddSingleton<Reader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reader>());
        using var host = builder.Build();

        await host.StartAsync(ct);

        Assert.Equal(1L, host.Services.GetRequiredService<Reader>().Notes);
        var migration = host.Services.GetServices<IHostedService>().OfType<SqlitePoolMigrationService>().Single();
        Assert.Equal([1, 2], migration.Result!.Applied);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task WithMigrations_failing_stops_the_host_with_the_MigrationException()
    {
        var ct = TestContext.Current.CancellationToken;
        Migration[] broken = [new(1, "typo", "CREATE TABLE notes (id INTEGER PRIMARY KEY")];
        var builder = NewBuilder();
        builder.Services.AddSqlitePool(_folder.ConnectionString("with-broken.db")).WithMigrations(broken);
        builder.Services.AddSingleton<Reader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reader>());
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<MigrationException>(() => host.StartAsync(ct));

        Assert.Equal(1, e.Version);
        Assert.Equal("typo", e.Name);
        Assert.False(host.Services.GetRequiredService<Reader>().Started);
        using var lease = host.Services.GetRequiredService<SqlitePool>().RentReader(ct);
        Assert.Equal(0L, lease.Scalar<long>("PRAGMA user_version"));
    }

    [Fact]
    public async Task WithMigrations_after_AddKeyedSqlitePool_migrates_that_pool_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.Services.AddKeyedSqlitePool("notes", _folder.ConnectionString("k-notes.db")).WithMigrations(s_notes);
        builder.Services.AddKeyedSqlitePool("cache", _folder.ConnectionString("k-cache.db")).WithMigrations(s_cache);
        builder.Services.AddKeyedSqlitePool("plain", _folder.ConnectionString("k-plain.db"));
        using var host = builder.Build();

        await host.StartAsync(ct);

        using (var lease = host.Services.GetRequiredKeyedService<SqlitePool>("notes").RentReader(ct))
        {
            Assert.Equal(2L, lease.Scalar<long>("PRAGMA user_version"));
            Assert.Equal(1L, lease.Scalar<long>("SELECT count(*) FROM notes"));
        }

        using (var lease = host.Services.GetRequiredKeyedService<SqlitePool>("cache").RentReader(ct))
        {
            Assert.Equal(1L, lease.Scalar<long>("PRAGMA user_version"));
            Assert.Equal(0L, lease.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'notes'"));
        }

        using (var lease = host.Services.GetRequiredKeyedService<SqlitePool>("plain").RentReader(ct))
            Assert.Equal(0L, lease.Scalar<long>("PRAGMA user_version"));

        await host.StopAsync(ct);
    }

    [Fact]
    public void The_builder_chains_as_the_collection_and_names_WithMigrations_in_its_errors()
    {
        var services = new ServiceCollection();
        var pool = services.AddKeyedSqlitePool("notes", _folder.ConnectionString("b.db"));
        var second = pool.AddSqlitePool(_folder.ConnectionString("c.db"));

        Assert.Same(services, pool.Services);
        Assert.Same(services, second.Services);
        Assert.Equal("notes", pool.ServiceKey);
        Assert.Null(second.ServiceKey);
        Assert.Equal(services.Count, second.Count);
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(SqlitePool)));
        var e = Assert.Throws<ArgumentException>(() => pool.WithMigrations([]));
        Assert.Contains("WithMigrations", e.Message, StringComparison.Ordinal);
        Assert.Contains("'notes'", e.Message, StringComparison.Ordinal);
    }
}
