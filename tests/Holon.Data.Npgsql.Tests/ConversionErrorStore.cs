using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>A wrapper that validates: its constructor throws on text without '@', so a bad stored value cannot be read.</summary>
public readonly record struct Email
{
    public Email(string value) => Value = value.Contains('@') ? value : throw new FormatException($"'{value}' is no email address.");

    public string Value { get; }
}

/// <summary>A share of 0 to 100, stored through a converter that refuses anything else, both ways.</summary>
[SqlConverter(typeof(StrictPercent))]
public readonly record struct Percent(long Value);

public sealed class StrictPercent : ISqlConverter<Percent, long>
{
    public static long ToStore(Percent value) =>
        value.Value is >= 0 and <= 100 ? value.Value : throw new ArgumentOutOfRangeException(nameof(value), value.Value, "A percent is 0 to 100.");

    public static Percent FromStore(long value) =>
        value is >= 0 and <= 100 ? new Percent(value) : throw new ArgumentOutOfRangeException(nameof(value), value, "A percent is 0 to 100.");
}

public sealed record Contact(long Id, Email Email, Percent Share);

/// <summary>Conversions that fail on PostgreSQL: converters and wrappers throwing, and wrappers holding null.</summary>
public sealed partial class ConversionErrorStore(NpgsqlDataSource db)
{
    [Command("INSERT INTO contacts (id, email, share) VALUES (@Id, @Email, @Share)")]
    public partial Task<int> InsertAsync(Contact contact, CancellationToken ct = default);

    [Command("INSERT INTO contacts (id, email, share) VALUES (@Id, @Email, @Share)")]
    public partial Task<int> InsertManyAsync(IReadOnlyList<Contact> contacts, CancellationToken ct = default);

    [Query("SELECT id, email, share FROM contacts WHERE id = @id")]
    public partial Task<Contact?> GetAsync(long id, CancellationToken ct = default);

    [Query("SELECT email FROM contacts ORDER BY id")]
    public partial Task<List<Email>> EmailsAsync(CancellationToken ct = default);

    [Query("SELECT share FROM contacts WHERE id = @id")]
    public partial Task<Percent> ShareAsync(long id, CancellationToken ct = default);

    [Command("INSERT INTO tags (id, tag) VALUES (@id, @tag)")]
    public partial Task<int> TagAsync(long id, ItemId tag, CancellationToken ct = default);

    [Command("INSERT INTO tags (id, tag) VALUES (@id, @tag)")]
    public partial Task<int> TagOrNullAsync(long id, ItemId? tag, CancellationToken ct = default);

    [Query("SELECT id FROM contacts WHERE share IN @shares ORDER BY id")]
    public partial Task<List<long>> WithSharesAsync(IReadOnlyList<Percent> shares, CancellationToken ct = default);

    [Command("DELETE FROM tags WHERE tag IN @tags")]
    public partial Task<int> UntagAsync(ItemId[] tags, CancellationToken ct = default);

    [Query("SELECT id FROM tags WHERE tag IN @tags ORDER BY id")]
    public partial Task<List<long>> TaggedAsync(List<ItemId?> tags, CancellationToken ct = default);
}
