using Holon.Data;

namespace Holon.Gen.EndToEndTests;

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

/// <summary>Conversions that fail: converters and wrappers throwing, and wrappers holding null.</summary>
public sealed partial class ConversionErrorStore(SqlitePool pool)
{
    [Command("INSERT INTO contacts (id, email, share) VALUES (@Id, @Email, @Share)")]
    public partial int Insert(Contact contact);

    [Command("INSERT INTO contacts (id, email, share) VALUES (@Id, @Email, @Share)")]
    public partial int InsertMany(IReadOnlyList<Contact> contacts);

    [Query("SELECT id, email, share FROM contacts WHERE id = @id")]
    public partial Contact? Get(long id);

    [Query("SELECT email FROM contacts ORDER BY id")]
    public partial List<Email> Emails();

    [Query("SELECT share FROM contacts WHERE id = @id")]
    public partial Task<Percent> ShareAsync(long id);

    /// <summary>Binds and reads through the converter, for the allocation test.</summary>
    [Query("SELECT share FROM contacts WHERE share = @share")]
    public partial ValueTask<Percent?> SameShareAsync(Percent share, CancellationToken ct);

    [Command("INSERT INTO tags (id, tag) VALUES (@id, @tag)")]
    public partial int Tag(long id, BlockId tag);

    [Command("INSERT INTO tags (id, tag) VALUES (@id, @tag)")]
    public partial int TagOrNull(long id, BlockId? tag);

    [Query("SELECT id FROM contacts WHERE share IN @shares ORDER BY id")]
    public partial List<long> WithShares(IReadOnlyList<Percent> shares);

    [Command("DELETE FROM tags WHERE tag IN @tags")]
    public partial int Untag(BlockId[] tags);

    [Query("SELECT id FROM tags WHERE tag IN @tags ORDER BY id")]
    public partial List<long> Tagged(List<BlockId?> tags);
}

/// <summary>A label stored through a converter that (wrongly) turns the empty label into null.</summary>
[SqlConverter(typeof(LabelAsNullableText))]
public sealed record Label(string Text);

public sealed class LabelAsNullableText : ISqlConverter<Label, string>
{
    public static string ToStore(Label value) => value.Text.Length == 0 ? null! : value.Text;

    public static Label FromStore(string value) => new(value);
}

public sealed partial class LabelStore(SqlitePool pool)
{
    [Command("INSERT INTO tags (id, tag) VALUES (@id, @label)")]
    public partial int Label(long id, Label label);
}
