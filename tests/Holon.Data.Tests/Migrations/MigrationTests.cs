using System.Collections.Concurrent;
using Holon.Data.Tests.Watch;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Holon.Data.Tests.Migrations;

/// <summary>SqlitePool.Migrate and SqlitePoolOptions.Migrations on real files.</summary>
public sealed class MigrationTests : IDisposable
{
    private static readonly Migration M1 = new(1, "create_items", """
        CREATE TABLE items(id INTEGER PRIMARY KEY, content TEXT NOT NULL);
        INSERT INTO items(content) VALUES ('seed');
        """);

    private static readonly Migration M2 = new(2, "add_tags", """
        -- a tag per item
        ALTER TABLE items ADD COLUMN tag TEXT NOT NULL DEFAULT 'none';
        CREATE INDEX items_tag ON items(tag);
        """);

    private static readonly Migration M3 = new(3, "create_notes", """
        CREATE TABLE notes(id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id), body TEXT);
        """);

    private readonly TempDb _db = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    private long Scalar(string sql)
    {
        using var c = new SqliteConnection(_db.ConnectionString + ";Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private bool TableExists(string name) => Scalar($"SELECT count(*) FROM sqlite_schema WHERE name = '{name}'") == 1;

    [Fact]
    public void FreshFile_GoesToLatestVersion()
    {
        using var pool = new SqlitePool(_db.Options());
        var result = pool.Migrate([M3, M1, M2], Ct); // any order: applied by version

        Assert.Equal(0, result.FromVersion);
        Assert.Equal(3, result.ToVersion);
        Assert.Equal([1, 2, 3], result.Applied);
        Assert.Equal(3, Scalar("PRAGMA user_version"));
        Assert.Equal(3, Scalar("SELECT count(*) FROM holon_migrations"));
        Assert.Equal(1, Scalar($"SELECT count(*) FROM holon_migrations WHERE version = 2 AND name = 'add_tags' AND checksum = '{M2.Checksum}'"));
        Assert.True(TableExists("notes"));

        var again = pool.Migrate([M1, M2, M3], Ct);
        Assert.Empty(again.Applied);
        Assert.Equal(3, again.FromVersion);
        Assert.Equal(3, again.ToVersion);
    }

    [Fact]
    public async Task FileAtVersion1WithData_UpgradesTo3_AndKeepsItsData()
    {
        using (var pool = new SqlitePool(_db.Options()))
        {
            pool.Migrate([M1], Ct);
            using var lease = pool.RentWriter(Ct);
            lease.Execute("INSERT INTO items(content) VALUES ('kept')");
        }

        using (var pool = new SqlitePool(_db.Options()))
        {
            var result = await pool.MigrateAsync([M1, M2, M3], Ct);
            Assert.Equal(1, result.FromVersion);
            Assert.Equal(3, result.ToVersion);
            Assert.Equal([2, 3], result.Applied);
        }

        Assert.Equal(2, Scalar("SELECT count(*) FROM items"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM items WHERE content = 'kept' AND tag = 'none'"));
    }

    [Fact]
    public void FailingMigration3_LeavesVersion2_AndNoTraceOf3()
    {
        var bad = new Migration(3, "broken", "CREATE TABLE half(id INTEGER PRIMARY KEY);\nINSERT INTO half(id) VALUES (1);\n\n  UPDATE missing_table SET x = 1;\n");
        using var pool = new SqlitePool(_db.Options());
        var e = Assert.Throws<MigrationException>(() => pool.Migrate([M1, M2, bad], Ct));

        Assert.Equal(3, e.Version);
        Assert.Equal("broken", e.Name);
        Assert.Equal(4, e.Line);
        Assert.Contains("no such table: missing_table", e.SqliteMessage, StringComparison.Ordinal);
        Assert.Contains("line 4", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, Scalar("PRAGMA user_version"));
        Assert.False(TableExists("half"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM holon_migrations WHERE version = 3"));
        Assert.Equal(2, Scalar("SELECT count(*) FROM holon_migrations"));

        // The pool is usable, and a fixed migration 3 applies.
        Assert.Equal([3], pool.Migrate([M1, M2, M3], Ct).Applied);
    }

    [Fact]
    public void ChangedMigration1_IsRefused_NamingBothChecksums()
    {
        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1], Ct);
        var changed = new Migration(1, "create_items", M1.Sql.Replace("'seed'", "'other'", StringComparison.Ordinal));

        var e = Assert.Throws<MigrationException>(() => pool.Migrate([changed, M2], Ct));
        Assert.Equal(1, e.Version);
        Assert.Contains(M1.Checksum, e.Message, StringComparison.Ordinal);
        Assert.Contains(changed.Checksum, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, Scalar("PRAGMA user_version")); // migration 2 did not run
    }

    [Fact]
    public void UnknownNewerVersion_IsRefused()
    {
        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1, M2, M3], Ct);

        var e = Assert.Throws<MigrationException>(() => pool.Migrate([M1, M2], Ct));
        Assert.Contains("the database is at version 3; this app knows 1–2", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void GapsAndDuplicates_AreRefused_BeforeAnythingRuns()
    {
        using var pool = new SqlitePool(_db.Options());
        var gap = Assert.Throws<MigrationException>(() => pool.Migrate([M1, M3], Ct));
        Assert.Contains("version 2 is missing", gap.Message, StringComparison.Ordinal);

        var duplicate = Assert.Throws<MigrationException>(() => pool.Migrate([M1, new Migration(1, "again", "SELECT 1")], Ct));
        Assert.Contains("two migrations have version 1", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("PRAGMA user_version"));
        Assert.False(TableExists("items"));
    }

    [Theory]
    [InlineData("CREATE TABLE a(x);\n  vacuum;", "VACUUM", 2)]
    [InlineData("CREATE TABLE a(x);\n/* wal */ PRAGMA main.journal_mode = DELETE;", "PRAGMA journal_mode", 2)]
    [InlineData("PRAGMA journal_mode=WAL", "PRAGMA journal_mode", 1)]
    public void VacuumAndJournalMode_AreRefused(string sql, string what, int line)
    {
        using var pool = new SqlitePool(_db.Options());
        var e = Assert.Throws<MigrationException>(() => pool.Migrate([M1, new Migration(2, "bad", sql)], Ct));
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.Contains("transaction", e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
        Assert.Equal(0, Scalar("PRAGMA user_version")); // refused before migration 1 ran too
    }

    [Fact]
    public void VacuumInsideAStringOrComment_IsNotRefused()
    {
        using var pool = new SqlitePool(_db.Options());
        var m2 = new Migration(2, "words", "-- VACUUM later\nINSERT INTO items(content) VALUES ('VACUUM; PRAGMA journal_mode=DELETE');");
        Assert.Equal([1, 2], pool.Migrate([M1, m2], Ct).Applied);
    }

    [Fact]
    public void ForeignKeyViolation_IntroducedByAMigration_IsCaught()
    {
        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1, M2, M3], Ct);
        var orphan = new Migration(4, "orphan_note", "INSERT INTO notes(item_id, body) VALUES (999, 'nobody');");

        var e = Assert.Throws<MigrationException>(() => pool.Migrate([M1, M2, M3, orphan], Ct));
        Assert.Equal(4, e.Version);
        Assert.Contains("foreign_key_check", e.Message, StringComparison.Ordinal);
        Assert.Contains("notes", e.SqliteMessage, StringComparison.Ordinal);
        Assert.Equal(3, Scalar("PRAGMA user_version"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM notes"));

        // Foreign keys are back on for the pool's writer afterwards.
        using var lease = pool.RentWriter(Ct);
        Assert.Equal(1L, lease.Scalar<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public void TableRebuild_WithForeignKeysPointingAtIt_Succeeds()
    {
        // SQLite's documented 12-step rebuild: only works with foreign keys off during the migration.
        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1, M2, M3], Ct);
        using (var lease = pool.RentWriter(Ct)) lease.Execute("INSERT INTO notes(item_id, body) VALUES (1, 'n')");
        var rebuild = new Migration(4, "rebuild_items", """
            CREATE TABLE items_new(id INTEGER PRIMARY KEY, content TEXT NOT NULL, tag TEXT NOT NULL DEFAULT 'none', rank INTEGER NOT NULL DEFAULT 0);
            INSERT INTO items_new(id, content, tag) SELECT id, content, tag FROM items;
            DROP TABLE items;
            ALTER TABLE items_new RENAME TO items;
            """);
        Assert.Equal([4], pool.Migrate([M1, M2, M3, rebuild], Ct).Applied);
        Assert.Equal(1, Scalar("SELECT count(*) FROM notes JOIN items ON items.id = notes.item_id"));
    }

    [Fact]
    public void CrlfAndLf_GiveTheSameChecksum_AndACrlfCheckoutIsNotAChange()
    {
        string lf = "CREATE TABLE items(id INTEGER PRIMARY KEY, content TEXT NOT NULL);\nINSERT INTO items(content) VALUES ('x');\n";
        string crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal(new Migration(1, "a", lf).Checksum, new Migration(1, "a", crlf).Checksum);
        Assert.NotEqual(new Migration(1, "a", lf).Checksum, new Migration(1, "a", lf + " ").Checksum);
        Assert.Equal(64, Migration.ComputeChecksum(lf).Length);

        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([new Migration(1, "a", lf)], Ct);
        var result = pool.Migrate([new Migration(1, "a", crlf), M2], Ct);
        Assert.Equal([2], result.Applied);
    }

    [Fact]
    public async Task OptionsMigrations_RunBeforeTheFirstLease()
    {
        var log = new ListLoggerFactory();
        var options = _db.Options();
        options.Migrations = [M1, M2];
        options.LoggerFactory = log;
        await using (var pool = new SqlitePool(options))
        {
            Assert.False(File.Exists(_db.DbPath) && Scalar("PRAGMA user_version") != 0);
            await using var lease = await pool.RentReaderAsync(Ct);
            Assert.Equal(2L, lease.Scalar<long>("PRAGMA user_version"));
            Assert.Equal(1L, lease.Scalar<long>("SELECT count(*) FROM items WHERE tag = 'none'"));
        }

        var applied = log.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.Message).ToList();
        Assert.Equal(2, applied.Count);
        Assert.StartsWith("Applied migration 1 'create_items' in ", applied[0], StringComparison.Ordinal);
        Assert.StartsWith("Applied migration 2 'add_tags' in ", applied[1], StringComparison.Ordinal);

        // Reopened at the current version: nothing applied, nothing logged.
        var quiet = new ListLoggerFactory();
        options.LoggerFactory = quiet;
        using (var pool = new SqlitePool(options))
        {
            using var lease = pool.RentWriter(Ct);
            Assert.Equal(2L, lease.Scalar<long>("SELECT count(*) FROM holon_migrations"));
        }

        Assert.DoesNotContain(quiet.Entries, e => e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task OptionsMigrations_FailureFailsEveryRent_WithTheSameException()
    {
        var options = _db.Options();
        options.Migrations = [M1, new Migration(2, "bad", "SELECT * FROM nowhere;")];
        await using var pool = new SqlitePool(options);

        var first = Assert.Throws<MigrationException>(() => pool.RentReader(Ct));
        var second = await Assert.ThrowsAsync<MigrationException>(async () => await pool.RentWriterAsync(Ct));
        var third = await Assert.ThrowsAsync<MigrationException>(async () => await pool.RentReaderAsync(Ct));
        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(2, first.Version);
        Assert.Equal(1, Scalar("PRAGMA user_version")); // migration 1 committed; 2 rolled back
    }

    [Fact]
    public async Task OptionsMigrations_ManyConcurrentFirstRents_MigrateOnce()
    {
        var options = _db.Options();
        options.Migrations = [M1, M2, M3];
        await using var pool = new SqlitePool(options);
        var rents = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                using var l = pool.RentReader(Ct);
                return l.Scalar<long>("PRAGMA user_version");
            }

            await using var lease = await pool.RentReaderAsync(Ct);
            return lease.Scalar<long>("PRAGMA user_version");
        }, Ct));
        var versions = await Task.WhenAll(rents);
        Assert.All(versions, v => Assert.Equal(3L, v));
        Assert.Equal(3, Scalar("SELECT count(*) FROM holon_migrations"));
    }

    [Fact]
    public async Task TwoPoolsMigratingAtOnce_BothSucceed_EachVersionOnce()
    {
        var many = Enumerable.Range(1, 20).Select(v => new Migration(v, "m" + v,
            $"CREATE TABLE t{v}(x); INSERT INTO t{v} VALUES ({v}); " + (v == 1 ? "CREATE TABLE runs(v);" : "") + $"INSERT INTO runs VALUES ({v});")).ToArray();
        for (int round = 0; round < 5; round++)
        {
            using var db = new TempDb();
            await using var a = new SqlitePool(db.Options(1));
            await using var b = new SqlitePool(db.Options(1));
            var results = await Task.WhenAll(
                Task.Run(() => a.Migrate(many, Ct), Ct),
                Task.Run(() => b.Migrate(many, Ct), Ct));
            Assert.Equal(Enumerable.Range(1, 20), results.SelectMany(r => r.Applied).Order());
            Assert.All(results, r => Assert.Equal(20, r.ToVersion));
            using var lease = a.RentReader(Ct);
            Assert.Equal(20L, lease.Scalar<long>("SELECT count(*) FROM runs"));
            Assert.Equal(20L, lease.Scalar<long>("SELECT count(DISTINCT v) FROM runs"));
        }
    }

    private static readonly StatementDefinition s_all = new("SELECT * FROM items ORDER BY id", StatementKind.Watch, [], [], "Tests.WatchItems");

    [Fact]
    public async Task WatchesAndPreparedStatements_SeeTheNewSchema()
    {
        await using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1], Ct);
        using (var reader = pool.RentReader(Ct))
        {
            using var s = reader.Statement("SELECT * FROM items", Ct);
            Assert.Equal(2, s.ColumnCount);
        }

        await using var watch = new WatchCollector<string>(ct => pool.Watch<object?, string>(s_all, null, null, static s =>
        {
            int rows = 0;
            while (s.Step()) rows++;
            return $"{s.ColumnCount} columns, {rows} rows";
        }, null, ct), Ct);
        await watch.WaitUntilAsync(e => e.Count == 1);
        Assert.Equal("2 columns, 1 rows", watch.Last);

        pool.Migrate([M1, M2], Ct); // ALTER TABLE only: no row changes
        await watch.WaitUntilAsync(e => e[^1] == "3 columns, 1 rows");

        var m3 = new Migration(3, "more_items", "INSERT INTO items(content, tag) VALUES ('b', 'x');");
        pool.Migrate([M1, M2, m3], Ct);
        await watch.WaitUntilAsync(e => e[^1] == "3 columns, 2 rows");

        // Every reader's cached statement re-prepares: the same SQL now has three columns on each connection.
        for (int i = 0; i < 4; i++)
        {
            using var reader = pool.RentReader(Ct);
            using var s = reader.Statement("SELECT * FROM items", Ct);
            Assert.True(s.Step());
            Assert.Equal(3, s.ColumnCount);
        }
    }

    private sealed class ListLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public void AddProvider(ILoggerProvider provider) { }

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose() { }

        private sealed class ListLogger(ListLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
