using Npgsql;

namespace Holon.Data.Npgsql.Tests;

[EnumAsText]
public enum Shade { Light, Dark }

/// <summary>A member with a default is optional: a result without its column leaves the default.</summary>
public sealed record Tagged(long Id, string Tag = "untagged");

public sealed record Parent(long ParentId);

/// <summary>Declarations whose PostgreSQL behaviour once differed from SQLite's; each test below pins SQLite's rule.</summary>
public sealed partial class DriftStore(NpgsqlDataSource db)
{
    [Query("SELECT 7::bigint AS id")]
    public partial Task<Tagged> WithoutTagAsync(CancellationToken ct = default);

    [Query("SELECT lower(@shade) AS v")]
    public partial Task<string> LowerAsync(Shade shade, CancellationToken ct = default);

    [Query("SELECT @name::text AS v")]
    public partial Task<Shade> ShadeAsync(string name, CancellationToken ct = default);

    [Command("UPDATE drift_items SET tag = 'changed' WHERE tag = @tag RETURNING id")]
    public partial Task<long> RetagOneAsync(string tag, CancellationToken ct = default);

    [Command("UPDATE drift_items SET tag = 'changed' WHERE tag = @tag RETURNING id")]
    public partial Task<long?> RetagAtMostOneAsync(NpgsqlConnection connection, string tag, CancellationToken ct = default);

    [Query("SELECT count(*) FROM drift_items WHERE tag = @tag")]
    public partial Task<long> CountAsync(NpgsqlConnection connection, string tag, CancellationToken ct = default);

    [Query("SELECT 1::bigint AS parent_id, 2::bigint AS parentid")]
    public partial Task<Parent> TwoColumnsForOneMemberAsync(CancellationToken ct = default);

    [Query("SELECT ARRAY['a', 'b']::text[] AS tags")]
    public partial Task<string[]> TagArrayAsync(CancellationToken ct = default); // every row, one text column each

    [Command("INSERT INTO drift_shades (shade) VALUES (@shade)")]
    public partial Task InsertShadeAsync(Shade? shade, CancellationToken ct = default);

    [Query("SELECT shade FROM drift_shades WHERE shade = @shade")]
    public partial Task<List<Shade>> ShadesAsync(Shade shade, CancellationToken ct = default);

    [Query("SELECT count(*) FROM drift_shades WHERE shade IS NULL")]
    public partial Task<long> NullShadesAsync(CancellationToken ct = default);

    [Command("INSERT INTO drift_times (at) VALUES (@at)")]
    public partial Task InsertTimeAsync(DateTime at, CancellationToken ct = default);
}

public sealed class DriftTests(PgFixture pg)
{
    static readonly SemaphoreSlim TableLock = new(1, 1);
    static bool _created;

    async Task<DriftStore> StoreAsync(CancellationToken ct)
    {
        pg.Require();
        await TableLock.WaitAsync(ct);
        try
        {
            if (!_created)
            {
                await using var c = await pg.Primary.OpenConnectionAsync(ct);
                await using var cmd = new NpgsqlCommand("""
                    CREATE TABLE drift_items (id bigserial PRIMARY KEY, tag text NOT NULL);
                    CREATE TABLE drift_times (at timestamptz NOT NULL);
                    CREATE TYPE shade AS ENUM ('Light', 'Dark');
                    CREATE TABLE drift_shades (shade shade NULL);
                    """, c);
                await cmd.ExecuteNonQueryAsync(ct);
                _created = true;
            }
        }
        finally
        {
            TableLock.Release();
        }
        return new DriftStore(pg.Primary);
    }

    async Task InsertTagsAsync(NpgsqlConnection connection, string tag, int count, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("INSERT INTO drift_items (tag) SELECT $1 FROM generate_series(1, $2)", connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tag });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [Fact]
    public async Task A_member_with_a_default_is_optional()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        Assert.Equal(new Tagged(7, "untagged"), await store.WithoutTagAsync(ct));
    }

    [Fact]
    public async Task EnumAsText_binds_and_reads_the_name()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        Assert.Equal("dark", await store.LowerAsync(Shade.Dark, ct));
        Assert.Equal(Shade.Light, await store.ShadeAsync("Light", ct));
    }

    [Fact]
    public async Task An_EnumAsText_enum_round_trips_through_a_PostgreSQL_enum_type_by_name()
    {
        var ct = TestContext.Current.CancellationToken;
        await StoreAsync(ct);
        // A data source loads the server's types when it first connects: this one starts after CREATE TYPE shade.
        var store = new DriftStore(pg.Source(Environment.GetEnvironmentVariable("HOLON_PG_PRIMARY")!));
        await store.InsertShadeAsync(Shade.Dark, ct);
        await store.InsertShadeAsync(null, ct);
        Assert.Contains(Shade.Dark, await store.ShadesAsync(Shade.Dark, ct));
        Assert.DoesNotContain(Shade.Light, await store.ShadesAsync(Shade.Light, ct));
        Assert.True(await store.NullShadesAsync(ct) >= 1);
    }

    [Fact]
    public async Task A_second_RETURNING_row_rolls_back_everything_the_command_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        string tag = "two-" + Guid.NewGuid();
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await InsertTagsAsync(connection, tag, 2, ct);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.RetagOneAsync(tag, ct));
        Assert.Contains("DriftStore.RetagOneAsync expects exactly one row, but its SQL returned more than one; everything it changed was rolled back",
            e.Message);
        Assert.Equal(2, await store.CountAsync(connection, tag, ct));
    }

    [Fact]
    public async Task In_the_callers_transaction_a_second_row_rolls_back_to_a_savepoint_and_the_transaction_goes_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        string two = "tx-two-" + Guid.NewGuid(), one = "tx-one-" + Guid.NewGuid();
        await using var connection = await pg.Primary.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await InsertTagsAsync(connection, two, 2, ct);
        await InsertTagsAsync(connection, one, 1, ct);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.RetagAtMostOneAsync(connection, two, ct));
        Assert.Contains("expects at most one row", e.Message);
        Assert.Equal(2, await store.CountAsync(connection, two, ct));
        Assert.NotNull(await store.RetagAtMostOneAsync(connection, one, ct));
        Assert.Null(await store.RetagAtMostOneAsync(connection, "nobody-" + Guid.NewGuid(), ct));
        await tx.CommitAsync(ct);
        Assert.Equal(0, await store.CountAsync(connection, one, ct));
        Assert.Equal(2, await store.CountAsync(connection, two, ct));
    }

    [Fact]
    public async Task Two_columns_for_one_member_are_an_error_naming_both()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.TwoColumnsForOneMemberAsync(ct));
        // The exact name is the one found; the other match is the second column named.
        Assert.Contains("DriftStore.TwoColumnsForOneMemberAsync has two columns for member 'ParentId': 'parentid' at position 1 and "
            + "'parent_id' at position 0", e.Message);
    }

    [Fact]
    public async Task A_column_that_cannot_be_read_as_the_member_names_the_method_and_SQL()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => store.TagArrayAsync(ct));
        Assert.Contains("Column 'tags' (text[]) of Holon.Data.Npgsql.Tests.DriftStore.TagArrayAsync cannot be read", e.Message);
        Assert.Contains("SQL: SELECT ARRAY['a', 'b']::text[] AS tags", e.Message);
    }

    [Fact]
    public async Task A_local_DateTime_is_refused_naming_the_method_and_the_parameter()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        var local = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Local);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertTimeAsync(local, ct));
        Assert.Equal("@at", e.ParamName);
        Assert.StartsWith("Holon.Data.Npgsql.Tests.DriftStore.InsertTimeAsync: @at is a DateTime of kind Local", e.Message);
        await store.InsertTimeAsync(local.ToUniversalTime(), ct); // the documented way: an instant
    }
}
