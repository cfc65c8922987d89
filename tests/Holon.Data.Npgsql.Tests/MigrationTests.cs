using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>NpgsqlMigrations on the real primary, each test in a schema of its own.</summary>
public sealed class MigrationTests(PgFixture pg)
{
    static readonly Migration[] Two =
    [
        new(1, "items", "CREATE TABLE items(id bigserial PRIMARY KEY, name text NOT NULL);"),
        new(2, "price", "ALTER TABLE items ADD COLUMN price numeric(10, 2);\nINSERT INTO items(name, price) VALUES ('a', 1.5);"),
    ];

    [Fact]
    public async Task Applies_pending_migrations_each_with_its_row_and_a_second_run_applies_none()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);

        var first = await s.Source.MigrateAsync(Two, ct);
        Assert.Equal((0, 2), (first.FromVersion, first.ToVersion));
        Assert.Equal([1, 2], first.Applied);
        Assert.Equal(1L, await s.ScalarAsync<long>("SELECT count(*) FROM items WHERE price = 1.5", ct));
        Assert.Equal($"1 items {Two[0].Checksum}|2 price {Two[1].Checksum}", await s.ScalarAsync<string>(
            "SELECT string_agg(version || ' ' || name || ' ' || checksum, '|' ORDER BY version) FROM holon_migrations", ct));
        Assert.True(await s.ScalarAsync<bool>("SELECT bool_and(applied_at > now() - interval '1 hour') FROM holon_migrations", ct));

        var again = s.Source.Migrate(Two, ct); // the sync form
        Assert.Equal((2, 2), (again.FromVersion, again.ToVersion));
        Assert.Empty(again.Applied);
    }

    [Fact]
    public async Task Migrates_the_primary_of_a_multi_host_source()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        var p = new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Primary);
        var st = new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Standby);
        // The standby first: a source that picked any host would fail on the read-only standby.
        var multi = new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Primary) { Host = $"{st.Host}:{st.Port},{p.Host}:{p.Port}", SearchPath = s.Name };
        await using var source = new NpgsqlDataSourceBuilder(multi.ConnectionString).BuildMultiHost();

        var result = await source.MigrateAsync(Two, ct);
        Assert.Equal([1, 2], result.Applied);
        Assert.Equal(2, await s.ScalarAsync<int>("SELECT max(version) FROM holon_migrations", ct));
    }

    [Fact]
    public async Task An_edited_applied_migration_is_refused_naming_both_checksums()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.Source.MigrateAsync(Two, ct);
        var edited = new Migration(1, "items", "CREATE TABLE items(id bigserial PRIMARY KEY, name text);");

        var e = await Assert.ThrowsAsync<MigrationException>(() => s.Source.MigrateAsync([edited, Two[1]], ct).AsTask());
        Assert.Equal(1, e.Version);
        Assert.Contains($"was applied with checksum {Two[0].Checksum}, but its text now has checksum {edited.Checksum}", e.Message);
        // The sync path compares too.
        var e2 = Assert.Throws<MigrationException>(() => s.Source.Migrate([edited, Two[1]], ct));
        Assert.Contains(edited.Checksum, e2.Message);
    }

    [Fact]
    public async Task A_database_newer_than_the_list_is_refused()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.Source.MigrateAsync(Two, ct);

        var e = await Assert.ThrowsAsync<MigrationException>(() => s.Source.MigrateAsync([Two[0]], ct).AsTask());
        Assert.Equal(0, e.Version);
        Assert.Contains("the database is at version 2; this app knows 1–1", e.Message);
        Assert.Contains("downgrade", e.Message);
    }

    [Fact]
    public async Task Gaps_and_duplicates_are_refused_before_anything_runs()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        var gap = await Assert.ThrowsAsync<MigrationException>(() =>
            s.Source.MigrateAsync([Two[0], new Migration(3, "three", "SELECT 1")], ct).AsTask());
        Assert.Contains("version 2 is missing", gap.Message);
        var dup = await Assert.ThrowsAsync<MigrationException>(() =>
            s.Source.MigrateAsync([Two[0], new Migration(1, "again", "SELECT 1")], ct).AsTask());
        Assert.Contains("two migrations have version 1", dup.Message);
        Assert.Null(await s.ScalarAsync<string?>("SELECT to_regclass('holon_migrations')::text", ct));
    }

    [Theory]
    [InlineData("CREATE TABLE a(x int);\nCOMMIT;\nCREATE TABLE b(x int);", 2, "COMMIT")]
    [InlineData("BEGIN;\nCREATE TABLE a(x int);", 1, "BEGIN")]
    [InlineData("CREATE TABLE a(x int);\n\n  savepoint s1;", 3, "SAVEPOINT")]
    [InlineData("-- a comment\nSTART TRANSACTION ISOLATION LEVEL SERIALIZABLE;", 2, "START TRANSACTION")]
    [InlineData("CREATE TABLE a(x int); ROLLBACK", 1, "ROLLBACK")]
    public async Task Transaction_control_in_a_migration_is_refused_naming_the_line(string sql, int line, string statement)
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        var e = await Assert.ThrowsAsync<MigrationException>(() => s.Source.MigrateAsync([new Migration(1, "tx", sql)], ct).AsTask());
        Assert.Equal(line, e.Line);
        Assert.Contains($"migration 1 'tx' line {line} is refused: {statement} controls the transaction", e.Message);
        Assert.Null(await s.ScalarAsync<string?>("SELECT to_regclass('a')::text", ct)); // nothing ran
    }

    [Fact]
    public async Task A_failing_statement_rolls_the_migration_back_and_the_message_says_the_version_read_after()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.Source.MigrateAsync([Two[0]], ct);
        var bad = new Migration(2, "bad", "CREATE TABLE side(x int);\nINSERT INTO side VALUES (1);\n\nINSERT INTO nowhere VALUES (1);");

        var e = await Assert.ThrowsAsync<MigrationException>(() => s.Source.MigrateAsync([Two[0], bad], ct).AsTask());
        Assert.Equal((2, "bad", 4), (e.Version, e.Name, e.Line));
        Assert.Contains("migration 2 'bad' failed at line 4: relation \"nowhere\" does not exist (SQLSTATE 42P01)", e.Message);
        Assert.Contains("It was rolled back; the database stays at version 1.", e.Message);
        var inner = Assert.IsType<PostgresException>(e.InnerException);
        Assert.Equal(PostgresErrorCodes.UndefinedTable, inner.SqlState);
        Assert.Null(await s.ScalarAsync<string?>("SELECT to_regclass('side')::text", ct)); // the DDL rolled back too
        Assert.Equal(1, await s.ScalarAsync<int>("SELECT max(version) FROM holon_migrations", ct));
    }

    [Fact]
    public async Task Function_bodies_with_semicolons_BEGIN_and_END_run_as_one_statement()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        var m = new Migration(1, "functions", """
            CREATE TABLE t(x int);
            CREATE FUNCTION plus_one(i int) RETURNS int LANGUAGE plpgsql AS $body$
            BEGIN
              RETURN i + 1; -- ; inside
            END;
            $body$;
            CREATE FUNCTION twice(i int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN i > 0 THEN i * 2 ELSE 0 END;
            END;
            /* a ; in /* nested */ comment */ INSERT INTO t VALUES (plus_one(1)), (twice(3));
            INSERT INTO t VALUES (length('it''s; fine')), (length(E'a\';b'));
            """);
        await s.Source.MigrateAsync([m], ct);
        Assert.Equal("2,6,10,4", await s.ScalarAsync<string>("SELECT string_agg(x::text, ',') FROM t", ct));
    }
}
