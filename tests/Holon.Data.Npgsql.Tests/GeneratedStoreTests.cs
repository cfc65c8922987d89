using System.Runtime.CompilerServices;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public enum Mood : short { Calm = 1, Busy = 2 }

public sealed record Kind(long Id, bool Flag, short Small, int? Medium, long Big, float Ratio, double Amount, decimal Price, string Name,
    byte[]? Data, Guid Key, DateTime At, DateTimeOffset AtOffset, DateOnly Day, TimeOnly TimeOfDay, TimeSpan Span, Mood Mood,
    ulong Unsigned, string? Doc);

/// <summary>Filled through setters: a member without a column keeps its value.</summary>
public sealed class KindName
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Missing { get; set; } = "kept";
}

/// <summary>Optional members the result leaves out keep their defaults, as on SQLite: one rule for "required".</summary>
public sealed record KindSummary(long Id, string Name, bool Flag = true)
{
    public Mood Mood { get; init; } = Mood.Busy;
    public string? Doc { get; init; }
    public int Rank { get; init; } = 3;
}

/// <summary>Every return shape and every supported type, generated over PostgreSQL.</summary>
public sealed partial class KindStore(NpgsqlDataSource source)
{
    const string All = "id, flag, small, medium, big, ratio, amount, price, name, data, key, at, at_offset, day, time_of_day, span, mood, "
        + "unsigned, doc";

    [Command("INSERT INTO kinds (flag, small, medium, big, ratio, amount, price, name, data, key, at, at_offset, day, time_of_day, span, "
        + "mood, unsigned, doc) VALUES (@flag, @small, @medium, @big, @ratio, @amount, @price, @name, @data, @key, @at, @atOffset, @day, "
        + "@timeOfDay, @span, @mood, @unsigned, @doc::jsonb) RETURNING id")]
    public partial Task<long> InsertAsync(Kind kind, CancellationToken ct = default);

    [Query("SELECT " + All + " FROM kinds WHERE id = @id")]
    public partial Kind? Get(long id);

    [Query("SELECT " + All + " FROM kinds WHERE id = @id")]
    public partial ValueTask<Kind> GetValueAsync(long id, CancellationToken ct = default);

    [Query("SELECT " + All + " FROM kinds WHERE id = ANY(@ids) ORDER BY id")]
    public partial Task<IReadOnlyList<Kind>> ManyAsync(long[] ids, CancellationToken ct = default);

    [Query("SELECT " + All + " FROM kinds WHERE id = ANY(@ids) ORDER BY id")]
    public partial Kind[] ManyArray(List<long> ids);

    [Query("SELECT id, name FROM kinds WHERE name = ANY(@names) ORDER BY id")]
    public partial IAsyncEnumerable<(long Id, string Name)> StreamAsync(string[] names, CancellationToken ct);

    [Query("SELECT id FROM kinds WHERE mood = @mood ORDER BY id")]
    public partial IAsyncEnumerable<long> StreamOnConnectionAsync(NpgsqlConnection connection, Mood mood,
        [EnumeratorCancellation] CancellationToken ct = default);

    [Query("SELECT id, name FROM kinds WHERE id = @id")]
    public partial KindName? GetName(long id);

    [Query("SELECT id, name FROM kinds WHERE id = @id")]
    public partial KindSummary? Summary(long id);

    [Query("SELECT count(*) FROM kinds WHERE name = @name")]
    public partial long Count(string name);

    [Command("UPDATE kinds SET name = @name WHERE id = @id")]
    public partial void Rename(long id, string name);

    [Command("UPDATE kinds SET big = big + 1 WHERE id = ANY(@ids)")]
    public partial Task<int> BumpAsync(List<long> ids, CancellationToken ct = default);

    [Command("UPDATE kinds SET big = big + 1 WHERE id = ANY(@ids) RETURNING key")]
    public partial Task<List<Guid>> BumpReturningAsync(long[] ids, CancellationToken ct = default);

    [Command("DELETE FROM kinds WHERE id = @id")]
    public partial ValueTask DeleteAsync(long id, CancellationToken ct = default);

    [Query("SELECT @a::text || '@a' /* @b */ || ':' || @b::text || '::int' -- @c\n AS v")]
    public partial string Echo(string a, int b);

    [Query("SELECT NULL::bigint AS big")]
    public partial Task<long> NullIntoLongAsync(CancellationToken ct = default);

    [Query("SELECT NULL::smallint AS none, 2::smallint AS busy, NULL::bigint AS no_count, 4000000000::bigint AS count")]
    public partial (Mood? None, Mood? Busy, uint? NoCount, uint? Count) NullableConverted();

    [Query("SELECT 300::smallint")]
    public partial byte? ByteOutOfRange();

    [Query("SELECT 10 / (3 - x) FROM generate_series(1, 5) AS x")]
    public partial IAsyncEnumerable<int> DivideByZeroLaterAsync(CancellationToken ct = default);
}

public sealed class GeneratedStoreTests(PgFixture pg)
{
    static readonly SemaphoreSlim TableLock = new(1, 1);
    static bool _created;

    async Task<KindStore> StoreAsync(CancellationToken ct)
    {
        pg.Require();
        await TableLock.WaitAsync(ct);
        try
        {
            if (!_created)
            {
                await using var c = await pg.Primary.OpenConnectionAsync(ct);
                await using var cmd = new NpgsqlCommand("""
                    CREATE TABLE kinds (
                        id bigserial PRIMARY KEY, flag boolean NOT NULL, small smallint NOT NULL, medium integer NULL,
                        big bigint NOT NULL, ratio real NOT NULL, amount double precision NOT NULL, price numeric NOT NULL,
                        name text NOT NULL, data bytea NULL, key uuid NOT NULL, at timestamptz NOT NULL,
                        at_offset timestamptz NOT NULL, day date NOT NULL, time_of_day time NOT NULL, span interval NOT NULL,
                        mood smallint NOT NULL, unsigned bigint NOT NULL, doc jsonb NULL)
                    """, c);
                await cmd.ExecuteNonQueryAsync(ct);
                _created = true;
            }
        }
        finally
        {
            TableLock.Release();
        }
        return new KindStore(pg.Primary);
    }

    static Kind Sample(string name, int? medium = 7, byte[]? data = null, string? doc = """{"a": [1, 2]}""") => new(
        0, true, -3, medium, long.MinValue + 1, 1.5f, Math.PI, 12345678901234.5678m, name, data ?? [0, 1, 255], Guid.NewGuid(),
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(10), new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)),
        new DateOnly(1999, 12, 31), new TimeOnly(23, 59, 58), TimeSpan.FromMinutes(90.5), Mood.Busy, ulong.MaxValue, doc);

    static void AssertSame(Kind expected, Kind actual)
    {
        Assert.Equal(expected with { Data = null, Doc = null, Id = actual.Id }, actual with { Data = null, Doc = null });
        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal(expected.Doc is null, actual.Doc is null);
        if (expected.Doc is not null) Assert.Contains("\"a\"", actual.Doc);
    }

    [Fact]
    public async Task Every_type_round_trips_through_every_row_shape()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        string name = "types-" + Guid.NewGuid();
        var full = Sample(name);
        var sparse = Sample(name, medium: null, data: [], doc: null) with { Data = null, Mood = Mood.Calm, Unsigned = 0 };
        long a = await store.InsertAsync(full, ct);
        long b = await store.InsertAsync(sparse, ct);

        AssertSame(full, store.Get(a)!);
        AssertSame(sparse, await store.GetValueAsync(b, ct));
        Assert.Null(store.Get(-1));
        var many = await store.ManyAsync([b, a, -1], ct);
        Assert.Equal([a, b], many.Select(k => k.Id));
        AssertSame(full, many[0]);
        Assert.Equal([a, b], store.ManyArray([a, b]).Select(k => k.Id));
        Assert.Empty(store.ManyArray([]));

        var named = store.GetName(a)!;
        Assert.Equal((a, name, "kept"), (named.Id, named.Name, named.Missing));
        Assert.Equal(2, store.Count(name));
    }

    [Fact]
    public async Task Members_with_defaults_are_optional_and_keep_their_defaults()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        string name = "summary-" + Guid.NewGuid();
        long id = await store.InsertAsync(Sample(name) with { Flag = false, Mood = Mood.Calm }, ct);

        // Flag, Mood, Doc and Rank have no column: a constructor default, init properties with a constant or none.
        Assert.Equal(new KindSummary(id, name) { Mood = Mood.Busy, Doc = null, Rank = 3 }, store.Summary(id));
    }

    [Fact]
    public async Task Nullable_values_stored_as_a_wider_type_keep_null_and_check_their_range()
    {
        var store = await StoreAsync(TestContext.Current.CancellationToken);
        Assert.Equal((null, Mood.Busy, null, 4_000_000_000u), store.NullableConverted());
        Assert.Throws<OverflowException>(() => store.ByteOutOfRange());
    }

    [Fact]
    public async Task Streams_commands_and_returning_work_on_pool_and_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        string name = "shapes-" + Guid.NewGuid();
        long a = await store.InsertAsync(Sample(name), ct);
        long b = await store.InsertAsync(Sample(name) with { Mood = Mood.Calm }, ct);

        var streamed = new List<(long, string)>();
        await foreach (var row in store.StreamAsync([name, "nobody"], ct)) streamed.Add(row);
        Assert.Equal([(a, name), (b, name)], streamed);

        await using (var connection = await pg.Primary.OpenConnectionAsync(ct))
        {
            var busy = new List<long>();
            await foreach (var id in store.StreamOnConnectionAsync(connection, Mood.Busy, ct)) busy.Add(id);
            Assert.Contains(a, busy);
            Assert.DoesNotContain(b, busy);
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        Assert.Equal(2, await store.BumpAsync([a, b, -1], ct));
        var keys = await store.BumpReturningAsync([a], ct);
        Assert.Equal([store.Get(a)!.Key], keys);
        Assert.Equal(long.MinValue + 3, store.Get(a)!.Big);

        string renamed = name + "-renamed";
        store.Rename(b, renamed);
        Assert.Equal(1, store.Count(renamed));
        await store.DeleteAsync(b, ct);
        Assert.Null(store.Get(b));
    }

    [Fact]
    public async Task Named_parameters_are_rewritten_around_literals_comments_and_casts()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        Assert.Equal("x@a:42::int", store.Echo("x", 42));
    }

    [Fact]
    public async Task Errors_name_the_method_and_SQL_also_in_streams()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        var nullError = await Assert.ThrowsAsync<InvalidCastException>(() => store.NullIntoLongAsync(ct));
        Assert.Contains("KindStore.NullIntoLongAsync", nullError.Message);
        Assert.Contains("'big'", nullError.Message);

        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(async () =>
        {
            await foreach (var _ in store.DivideByZeroLaterAsync(ct)) { }
        });
        Assert.Equal(PostgresErrorCodes.DivisionByZero, e.SqlState);
        Assert.Equal("Holon.Data.Npgsql.Tests.KindStore.DivideByZeroLaterAsync", e.Method);
        Assert.Contains("generate_series", e.Sql);
    }

    [Fact]
    public async Task A_null_for_a_non_nullable_argument_names_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync(ct);
        var e = Assert.Throws<ArgumentNullException>(() => store.Count(null!));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("KindStore.Count", e.Message);
    }
}
