using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Holon.Data.Generated;

namespace Holon.Data.Npgsql.Tests;

public sealed record PgJsonAddress(string City, string[] Lines);

public sealed record PgJsonProfile(string Name, PgJsonAddress Address, List<string> Tags);

public readonly record struct PgJsonPoint(int X, int Y);

[JsonSerializable(typeof(PgJsonProfile))]
[JsonSerializable(typeof(PgJsonPoint))]
internal sealed partial class PgJsonContext : JsonSerializerContext;

/// <summary>
/// The statement calls generated code makes for a [SqlJson] value on PostgreSQL: bound as jsonb, read from the column's
/// text (jsonb, json or text); NULL as for any value; text that is no JSON document of the type names column, member,
/// method and SQL.
/// </summary>
public sealed class JsonColumnTests(PgFixture pg)
{
    static readonly JsonTypeInfo<PgJsonProfile> Profile = JsonColumns.TypeInfo<PgJsonProfile>(PgJsonContext.Default);
    static readonly JsonTypeInfo<PgJsonPoint> Point = JsonColumns.TypeInfo<PgJsonPoint>(PgJsonContext.Default);

    static PgJsonProfile Sample => new("Ada", new PgJsonAddress("London", ["12 St James's Square", "SW1"]), ["math", "engines"]);

    static StatementDefinition Definition(string sql, int parameters, string origin = "Tests.PgJson.Get") =>
        new(sql, StatementKind.Query, Enumerable.Range(1, parameters).Select(i => "@p" + i).ToArray(), ["Data"], origin);

    async Task<T> RunAsync<T>(StatementDefinition definition, Action<NpgsqlStatement> bind, Func<NpgsqlStatement, int, T> read)
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var lease = await NpgsqlLease.ForCommandAsync(pg.Primary, ct);
        await using var s = lease.Statement(definition, definition.Origin, ct);
        bind(s);
        Assert.True(await s.StepAsync());
        return read(s, s.RequiredOrdinal(0));
    }

    [Fact]
    public async Task A_record_with_nested_data_and_a_list_binds_as_jsonb_and_reads_back()
    {
        var back = await RunAsync(Definition("SELECT $1 AS data, pg_typeof($1)::text AS kind", 1),
            s => s.BindJson(0, Sample, Profile), (s, o) => (s.GetJson(o, "Data", Profile), s.Get<string>(1, "Kind")));
        Assert.Equal("jsonb", back.Item2);
        Assert.Equal("Ada", back.Item1.Name);
        Assert.Equal("London", back.Item1.Address.City);
        Assert.Equal(["12 St James's Square", "SW1"], back.Item1.Address.Lines);
        Assert.Equal(["math", "engines"], back.Item1.Tags);
    }

    [Fact]
    public async Task The_bound_document_is_jsonb_the_server_can_query()
    {
        string city = await RunAsync(Definition("SELECT $1->'Address'->>'City' AS data", 1),
            s => s.BindJson(0, Sample, Profile), (s, o) => s.Get<string>(o, "Data"));
        Assert.Equal("London", city);
    }

    [Fact]
    public async Task NULL_binds_and_reads_as_null_into_nullable_members()
    {
        var result = await RunAsync(Definition("SELECT $1 AS data, pg_typeof($1)::text AS kind", 1),
            s => s.BindJson<PgJsonProfile?>(0, null, Profile!),
            (s, o) => (s.GetJsonOrNull(o, "Data", Profile), s.GetJsonValueOrNull(o, "Data", Point), s.Get<string>(1, "Kind")));
        Assert.Null(result.Item1);
        Assert.Null(result.Item2);
        Assert.Equal("jsonb", result.Item3);
    }

    [Fact]
    public async Task A_struct_round_trips()
    {
        var point = await RunAsync(Definition("SELECT $1 AS data", 1), s => s.BindJson(0, new PgJsonPoint(3, -4), Point),
            (s, o) => s.GetJsonValueOrNull(o, "Data", Point));
        Assert.Equal(new PgJsonPoint(3, -4), point);
    }

    [Fact]
    public async Task NULL_or_the_JSON_document_null_into_a_non_nullable_member_throws()
    {
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => RunAsync(Definition("SELECT NULL::jsonb AS data", 0), _ => { },
            (s, o) => s.GetJson(o, "Data", Profile)));
        Assert.Contains("'Data'", ex.Message);
        Assert.Contains("Tests.PgJson.Get", ex.Message);
        ex = await Assert.ThrowsAsync<InvalidCastException>(() => RunAsync(Definition("SELECT 'null'::jsonb AS data", 0), _ => { },
            (s, o) => s.GetJson(o, "Data", Profile)));
        Assert.Contains("JSON document null", ex.Message);
    }

    [Fact]
    public async Task Invalid_JSON_names_the_column_the_member_the_method_and_the_SQL()
    {
        const string sql = "SELECT '{\"Name\": oops}'::text AS data";
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => RunAsync(Definition(sql, 0), _ => { },
            (s, o) => s.GetJson(o, "Data", Profile)));
        Assert.Contains("Column 'data' (text, member 'Data')", ex.Message);
        Assert.Contains("Tests.PgJson.Get", ex.Message);
        Assert.Contains(sql, ex.Message);
        Assert.Contains("PgJsonProfile", ex.Message);
        Assert.Contains("'{\"Name\": oops}'", ex.Message);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task A_jsonb_document_of_another_shape_is_invalid_for_the_type()
    {
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => RunAsync(Definition("SELECT '[1, 2]'::jsonb AS data", 0), _ => { },
            (s, o) => s.GetJsonOrNull(o, "Data", Profile)));
        Assert.Contains("(jsonb, member 'Data')", ex.Message);
        Assert.Contains("not a JSON document of PgJsonProfile", ex.Message);
    }
}

[SqlJson(typeof(PgJsonStoreContext))]
public sealed record PgJsonSettings(string Theme, List<int> Pinned);

[JsonSerializable(typeof(PgJsonProfile))]
[JsonSerializable(typeof(PgJsonSettings))]
internal sealed partial class PgJsonStoreContext : JsonSerializerContext;

public sealed record PgJsonUser(long Id, [SqlJson(typeof(PgJsonStoreContext))] PgJsonProfile Profile, PgJsonSettings? Settings);

/// <summary>[SqlJson] through generated code on PostgreSQL: jsonb columns, members and parameters, NULL, invalid JSON.</summary>
public sealed partial class PgJsonStore(global::Npgsql.NpgsqlDataSource db)
{
    [Query("SELECT 1::bigint AS id, @profile AS profile, @settings AS settings")]
    public partial Task<PgJsonUser> EchoAsync([SqlJson(typeof(PgJsonStoreContext))] PgJsonProfile profile, PgJsonSettings? settings,
        CancellationToken ct = default);

    [Query("SELECT pg_typeof(@settings)::text")]
    public partial Task<string> TypeOfAsync(PgJsonSettings? settings, CancellationToken ct = default);

    [Query("SELECT 1::bigint AS id, '{\"Name\": oops'::text AS profile, NULL::jsonb AS settings")]
    public partial Task<PgJsonUser> BrokenAsync(CancellationToken ct = default);
}

public sealed class GeneratedJsonColumnTests(PgFixture pg)
{
    static PgJsonProfile Ada => new("Ada", new PgJsonAddress("London", ["SW1"]), ["math"]);

    PgJsonStore Store()
    {
        pg.Require();
        return new PgJsonStore(pg.Primary);
    }

    [Fact]
    public async Task Members_and_parameters_round_trip_as_jsonb_including_NULL()
    {
        var store = Store();
        var ct = TestContext.Current.CancellationToken;
        var user = await store.EchoAsync(Ada, new PgJsonSettings("dark", [1, 2]), ct);
        Assert.Equal("London", user.Profile.Address.City);
        Assert.Equal(["math"], user.Profile.Tags);
        Assert.Equal([1, 2], user.Settings!.Pinned);
        Assert.Null((await store.EchoAsync(Ada, null, ct)).Settings);
        Assert.Equal("jsonb", await store.TypeOfAsync(new PgJsonSettings("x", []), ct));
        Assert.Equal("jsonb", await store.TypeOfAsync(null, ct));
    }

    [Fact]
    public async Task Invalid_JSON_in_a_row_names_the_column_the_member_the_method_and_the_SQL()
    {
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => Store().BrokenAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Column 'profile' (text, member 'Profile')", ex.Message);
        Assert.Contains("Holon.Data.Npgsql.Tests.PgJsonStore.BrokenAsync", ex.Message);
        Assert.Contains("'{\"Name\": oops'::text AS profile", ex.Message);
    }
}
