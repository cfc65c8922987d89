using System.Text.Json.Serialization;
using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public sealed record JsonAddress(string City, string[] Lines);

public sealed record JsonProfile(string Name, JsonAddress Address, List<string> Tags);

/// <summary>[SqlJson] on a type: every use of it is one JSON column.</summary>
[SqlJson(typeof(EndToEndJson))]
public readonly record struct JsonPoint(int X, int Y);

// Only JsonProfile and JsonPoint are roots; JsonAddress is reached from JsonProfile.
[JsonSerializable(typeof(JsonProfile))]
[JsonSerializable(typeof(JsonPoint))]
public sealed partial class EndToEndJson : JsonSerializerContext;

public sealed record JsonUser(long Id, [SqlJson(typeof(EndToEndJson))] JsonProfile Profile, [SqlJson(typeof(EndToEndJson))] JsonProfile? Previous,
    JsonPoint Home, JsonPoint? Work);

public sealed partial class JsonColumnStore(SqlitePool pool)
{
    [Query("SELECT id, profile, previous, home, work FROM json_users WHERE id = @id")]
    public partial JsonUser? Get(long id);

    [Command("INSERT INTO json_users (id, profile, previous, home, work) VALUES (@Id, @Profile, @Previous, @Home, @Work)")]
    public partial int Insert(JsonUser user);

    [Command("UPDATE json_users SET previous = @previous WHERE id = @id")]
    public partial int SetPrevious(long id, [SqlJson(typeof(EndToEndJson))] JsonProfile? previous);

    [Query("SELECT address FROM json_users WHERE id = @id")]
    public partial JsonAddressRow? Address(long id);

    [Query("SELECT home FROM json_users ORDER BY id")]
    public partial List<JsonPoint> Homes();

    [Query("SELECT work FROM json_users WHERE id = @id")]
    public partial JsonPoint? Work(long id);

    [Query("SELECT id, profile, previous, home, work FROM json_users WHERE id = @id")]
    public partial Task<JsonUser?> GetAsync(long id, CancellationToken ct = default);
}

public sealed record JsonAddressRow([SqlJson(typeof(EndToEndJson))] JsonAddress Address);
