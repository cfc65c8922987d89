using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>DateTimeOffset as INTEGER (UTC ticks, Unix milliseconds) and Guid as a 16-byte BLOB: the shipped ordered storages.</summary>
public sealed record Stamp(
    long Id,
    [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset At,
    [SqlConverter(typeof(DateTimeOffsetAsUnixMilliseconds))] DateTimeOffset? AtMs,
    [SqlConverter(typeof(GuidAsBlob))] Guid Key);

public sealed partial class OrderedStorageStore(SqlitePool pool)
{
    [Command("INSERT INTO stamps (id, at, at_ms, key) VALUES (@Id, @At, @AtMs, @Key)")]
    public partial int Insert(Stamp stamp);

    [Query("SELECT id, at, at_ms AS AtMs, key FROM stamps ORDER BY at")]
    public partial List<Stamp> ByAt();

    [Query("SELECT id FROM stamps ORDER BY at_ms")]
    public partial List<long> ByAtMs();

    [Query("SELECT id FROM stamps ORDER BY key")]
    public partial List<long> ByKey();

    [Query("SELECT id FROM stamps WHERE at > @after ORDER BY id")]
    public partial List<long> After([SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset after);

    [Query("SELECT id FROM stamps WHERE key = @key")]
    public partial long? ByKeyValue([SqlConverter(typeof(GuidAsBlob))] Guid key);
}
