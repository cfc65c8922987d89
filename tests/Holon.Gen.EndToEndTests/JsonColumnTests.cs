using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// [SqlJson] through generated code on SQLite: members, parameters and scalar results stored as JSON TEXT, NULL for
/// nullable forms, and invalid JSON in a row naming the column, the member, the method and the SQL.
/// </summary>
public sealed class JsonColumnTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly JsonColumnStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public JsonColumnTests()
    {
        _store = new JsonColumnStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE json_users (id INTEGER PRIMARY KEY, profile TEXT NOT NULL, previous TEXT, home TEXT NOT NULL, work TEXT, address TEXT)");
    }

    public void Dispose() => _db.Dispose();

#pragma warning disable HOLON101
    private T Raw<T>(string sql)
    {
        using var lease = _db.Pool.RentReader(Ct);
        return lease.Scalar<T>(sql)!;
    }

    private void Exec(string sql)
    {
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute(sql);
    }
#pragma warning restore HOLON101

    private static JsonProfile Ada => new("Ada", new JsonAddress("London", ["12 St James's Square", "SW1"]), ["math", "engines"]);

    [Fact]
    public async Task A_record_with_nested_data_and_a_list_round_trips_including_NULL()
    {
        Assert.Equal(1, _store.Insert(new JsonUser(1, Ada, null, new JsonPoint(1, 2), null)));
        var read = _store.Get(1)!;
        Assert.Equal("Ada", read.Profile.Name);
        Assert.Equal("London", read.Profile.Address.City);
        Assert.Equal(["12 St James's Square", "SW1"], read.Profile.Address.Lines);
        Assert.Equal(["math", "engines"], read.Profile.Tags);
        Assert.Null(read.Previous);
        Assert.Equal(new JsonPoint(1, 2), read.Home);
        Assert.Null(read.Work);
        Assert.Equal("text", Raw<string>("SELECT typeof(profile) FROM json_users"));
        Assert.Equal("""{"X":1,"Y":2}""", Raw<string>("SELECT home FROM json_users"));
        Assert.Equal(0L, Raw<long>("SELECT count(*) FROM json_users WHERE previous IS NOT NULL OR work IS NOT NULL"));
        Assert.Equal("London", Raw<string>("SELECT profile ->> '$.Address.City' FROM json_users"));
        Assert.Equal("Ada", (await _store.GetAsync(1, Ct))!.Profile.Name);
    }

    [Fact]
    public void As_a_parameter_and_as_scalar_results()
    {
        _store.Insert(new JsonUser(1, Ada, null, new JsonPoint(1, 2), new JsonPoint(5, 6)));
        _store.Insert(new JsonUser(2, Ada, null, new JsonPoint(3, 4), null));
        Assert.Equal(1, _store.SetPrevious(1, Ada with { Name = "Lovelace" }));
        Assert.Equal("Lovelace", _store.Get(1)!.Previous!.Name);
        Assert.Equal(1, _store.SetPrevious(1, null));
        Assert.Null(_store.Get(1)!.Previous);
        Assert.Equal([new JsonPoint(1, 2), new JsonPoint(3, 4)], _store.Homes());
        Assert.Equal(new JsonPoint(5, 6), _store.Work(1));
        Assert.Null(_store.Work(2));
    }

    [Fact]
    public void A_type_reached_from_a_root_of_the_context_reads()
    {
        Exec("""INSERT INTO json_users VALUES (1, '{}', NULL, '{"X":0,"Y":0}', NULL, '{"City":"Paris","Lines":[]}')""");
        Assert.Equal("Paris", _store.Address(1)!.Address.City);
    }

    [Fact]
    public void NULL_in_a_non_nullable_JSON_member_throws_naming_it()
    {
        Exec("""INSERT INTO json_users VALUES (1, '{}', NULL, '{"X":0,"Y":0}', NULL, NULL)""");
        var ex = Assert.Throws<InvalidCastException>(() => _store.Address(1));
        Assert.Contains("'Address'", ex.Message);
        Assert.Contains("JsonColumnStore.Address", ex.Message);
    }

    [Fact]
    public void Invalid_JSON_in_a_row_names_the_column_the_member_the_method_and_the_SQL()
    {
        Exec("""INSERT INTO json_users VALUES (1, '{"Name": oops', NULL, '{"X":0,"Y":0}', NULL, NULL)""");
        var ex = Assert.Throws<InvalidCastException>(() => _store.Get(1));
        Assert.Contains("Column 'profile'", ex.Message);
        Assert.Contains("member 'Profile'", ex.Message);
        Assert.Contains("Holon.Gen.EndToEndTests.JsonColumnStore.Get", ex.Message);
        Assert.Contains("SELECT id, profile, previous, home, work FROM json_users", ex.Message);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }
}
