using System.Text.Json.Serialization;

namespace Holon.Data.Tests;

public sealed record JsonAddress(string City, string[] Lines);

public sealed record JsonProfile(string Name, JsonAddress Address, List<string> Tags);

public readonly record struct JsonPoint(int X, int Y);

[JsonSerializable(typeof(JsonProfile))]
[JsonSerializable(typeof(JsonPoint))]
internal sealed partial class JsonColumnTestContext : JsonSerializerContext;

/// <summary>
/// The statement calls generated code makes for a [SqlJson] value on SQLite: TEXT holding the JSON, read from its
/// UTF-8 bytes; NULL as for any value; text that is no JSON document of the type is an error naming column, member,
/// method and SQL.
/// </summary>
public sealed class JsonColumnTests : IDisposable
{
    private static readonly StatementDefinition Insert = new(
        "INSERT INTO docs (id, data) VALUES (@id, @data)", StatementKind.Command, ["@id", "@data"], [], "Tests.Json.Insert");
    private static readonly StatementDefinition Select = new(
        "SELECT data, typeof(data) AS storage FROM docs WHERE id = @id", StatementKind.Query, ["@id"], ["Data", "Storage"], "Tests.Json.Get");

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonProfile> Profile =
        Generated.JsonColumns.TypeInfo<JsonProfile>(JsonColumnTestContext.Default);
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonPoint> Point =
        Generated.JsonColumns.TypeInfo<JsonPoint>(JsonColumnTestContext.Default);

    private readonly TempDb _db = new();
    private readonly SqlitePool _pool;

    public JsonColumnTests()
    {
        _db.Exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, data TEXT)");
        _pool = new SqlitePool(_db.Options(maxReaders: 1));
    }

    public void Dispose()
    {
        _pool.Dispose();
        _db.Dispose();
    }

    private void Write(long id, Action<PreparedStatement> bind)
    {
        var ct = TestContext.Current.CancellationToken;
        using var lease = _pool.RentWriter(ct);
        using var s = lease.Statement(Insert, ct);
        s.BindInt64(0, id);
        bind(s);
        Assert.False(s.Step());
    }

    private void Raw(string sql) => _db.Exec(sql);

    private T Read<T>(long id, Func<PreparedStatement, int, T> read)
    {
        var ct = TestContext.Current.CancellationToken;
        using var lease = _pool.RentReader(ct);
        using var s = lease.Statement(Select, ct);
        s.BindInt64(0, id);
        Assert.True(s.Step());
        return read(s, s.RequiredOrdinal(0));
    }

    private static JsonProfile Sample => new("Ada", new JsonAddress("London", ["12 St James's Square", "SW1"]), ["math", "engines"]);

    [Fact]
    public void A_record_with_nested_data_and_a_list_round_trips_as_TEXT()
    {
        Write(1, s => s.BindJson(1, Sample, Profile));
        var back = Read(1, (s, o) => s.GetJson(o, "Data", Profile));
        Assert.Equal("Ada", back.Name);
        Assert.Equal("London", back.Address.City);
        Assert.Equal(["12 St James's Square", "SW1"], back.Address.Lines);
        Assert.Equal(["math", "engines"], back.Tags);
        Assert.Equal("text", Read(1, (s, _) => s.GetString(s.RequiredOrdinal(1))));
        Assert.Equal("""{"Name":"Ada","Address":{"City":"London","Lines":["12 St James\u0027s Square","SW1"]},"Tags":["math","engines"]}""",
            Read(1, (s, o) => s.GetString(o)));
    }

    [Fact]
    public void A_struct_round_trips_and_NULL_reads_as_null_into_a_nullable_member()
    {
        Write(1, s => s.BindJson(1, new JsonPoint(3, -4), Point));
        Write(2, s => s.BindJson<JsonProfile?>(1, null, Profile!));
        Assert.Equal(new JsonPoint(3, -4), Read(1, (s, o) => s.GetJson(o, "Data", Point)));
        Assert.Equal(new JsonPoint(3, -4), Read(1, (s, o) => s.GetJsonValueOrNull(o, "Data", Point)));
        Assert.Null(Read(2, (s, o) => s.GetJsonOrNull(o, "Data", Profile)));
        Assert.Null(Read(2, (s, o) => s.GetJsonValueOrNull(o, "Data", Point)));
        Assert.Equal("null", Read(2, (s, _) => s.GetString(s.RequiredOrdinal(1))));
    }

    [Fact]
    public void NULL_or_the_JSON_document_null_into_a_non_nullable_member_throws()
    {
        Raw("INSERT INTO docs VALUES (1, NULL), (2, 'null')");
        var ex = Assert.Throws<InvalidCastException>(() => Read(1, (s, o) => s.GetJson(o, "Data", Profile)));
        Assert.Contains("'Data'", ex.Message);
        Assert.Contains("Tests.Json.Get", ex.Message);
        ex = Assert.Throws<InvalidCastException>(() => Read(2, (s, o) => s.GetJson(o, "Data", Profile)));
        Assert.Contains("JSON document null", ex.Message);
        Assert.Contains("member 'Data'", ex.Message);
        Assert.Null(Read(2, (s, o) => s.GetJsonOrNull(o, "Data", Profile)));
    }

    [Fact]
    public void Invalid_JSON_names_the_column_the_member_the_method_and_the_SQL()
    {
        Raw("INSERT INTO docs VALUES (1, '{\"Name\": oops}')");
        var ex = Assert.Throws<InvalidCastException>(() => Read(1, (s, o) => s.GetJson(o, "Data", Profile)));
        Assert.Contains("Column 'data'", ex.Message);
        Assert.Contains("member 'Data'", ex.Message);
        Assert.Contains("Tests.Json.Get", ex.Message);
        Assert.Contains("SELECT data, typeof(data)", ex.Message);
        Assert.Contains("JsonProfile", ex.Message);
        // The value, shortened, as every conversion error shows it to the caller (traces never carry it).
        Assert.Contains("TEXT '{\"Name\": oops}'", ex.Message);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public void A_document_of_another_shape_is_invalid_JSON_for_the_type()
    {
        Raw("INSERT INTO docs VALUES (1, '[1, 2]')");
        var ex = Assert.Throws<InvalidCastException>(() => Read(1, (s, o) => s.GetJsonOrNull(o, "Data", Profile)));
        Assert.Contains("not a JSON document of JsonProfile", ex.Message);
    }

    [Fact]
    public void A_number_is_not_JSON_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var number = new StatementDefinition("SELECT 42 AS data", StatementKind.Query, [], ["Data"], "Tests.Json.Number");
        using var lease = _pool.RentReader(ct);
        using var s = lease.Statement(number, ct);
        Assert.True(s.Step());
        int o = s.RequiredOrdinal(0);
        var ex = Assert.Throws<InvalidCastException>(() => s.GetJson(o, "Data", Point));
        Assert.Contains("INTEGER 42", ex.Message);
        Assert.Contains("member 'Data'", ex.Message);
    }

    [Fact]
    public void A_large_document_binds_and_reads_back()
    {
        var big = Sample with { Tags = Enumerable.Range(0, 20_000).Select(i => "tag" + i).ToList() };
        Write(1, s => s.BindJson(1, big, Profile));
        Write(2, s => s.BindJson(1, Sample, Profile));
        Assert.Equal(20_000, Read(1, (s, o) => s.GetJson(o, "Data", Profile)).Tags.Count);
        Assert.Equal("Ada", Read(2, (s, o) => s.GetJson(o, "Data", Profile)).Name);
    }

    [Fact]
    public void Binding_a_JSON_value_allocates_nothing_once_warm()
    {
        var ct = TestContext.Current.CancellationToken;
        var point = Sample;
        var bind = new StatementDefinition("SELECT @p", StatementKind.Query, ["@p"], [], "Tests.Json.Bind");
        long bytes = AllocationMeter.PerOperation(() =>
        {
            using var lease = _pool.RentReader(ct);
            using var s = lease.Statement(bind, ct);
            s.BindJson(0, point, Profile);
            return null;
        });
        Assert.Equal(0, bytes);
    }
}
