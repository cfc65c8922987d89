using Npgsql;

// Stores for NpgsqlDataSource.Verify: each Broken* type holds one kind of mistake, checked through its own
// HolonStatements; VerifiedStore holds only statements that fit the schema VerificationTests creates.
namespace Holon.Data.Npgsql.Tests.Verification;

public sealed record Item(long Id, string Name, string? Note, decimal Price, string[] Tags);

public sealed record IdAndName(long Id, string Name);

public sealed record IdAndNote(long Id, string Note);

public sealed record NameAsNumber(long Id, int Name);

public sealed record ParentRow(long Id, long ParentId);

public sealed record Summary(long Total, string Name);

public sealed record TagList(List<string> Tags);

public sealed partial class VerifiedStore(NpgsqlDataSource db)
{
    [Query("SELECT id, name, note, price, tags FROM v_items WHERE id = @id")]
    public partial Task<Item?> GetAsync(long id, CancellationToken ct = default);

    [Query("SELECT id, name, note, price, tags FROM v_items WHERE id = ANY(@ids) ORDER BY id")]
    public partial List<Item> GetMany(long[] ids);

    // An int4 column into long, a count (int8) into long, an expression and a view column into non-nullable members.
    [Query("SELECT small AS total, upper(name) AS name FROM v_items WHERE id = @id")]
    public partial Task<Summary?> SmallAsync(long id, CancellationToken ct = default);

    [Query("SELECT count(*) AS total, name FROM v_named GROUP BY name")]
    public partial Task<List<Summary>> PerNameAsync(CancellationToken ct = default);

    [Query("SELECT coalesce(note, '') FROM v_items ORDER BY id")]
    public partial Task<List<string>> NotesAsync(CancellationToken ct = default);

    [Query("SELECT tags FROM v_items WHERE id = @id")]
    public partial Task<TagList?> TagsAsync(long id, CancellationToken ct = default);

    // The server cannot type @label from the SQL alone; Verify describes it as an untyped literal (text).
    [Query("SELECT @label AS name, 1::bigint AS total")]
    public partial Task<Summary> EchoAsync(string label, CancellationToken ct = default);

    [Command("INSERT INTO v_items (id, name, price, tags, small) VALUES (@id, @name, 1, '{}', 1) RETURNING id")]
    public partial Task<long> AddAsync(long id, string name, CancellationToken ct = default);

    [Command("DELETE FROM v_items WHERE id > 0")]
    public partial Task<int> DeleteAllAsync(CancellationToken ct = default);

    [Query("SELECT nextval('v_ids')")]
    public partial Task<long> NextIdAsync(CancellationToken ct = default);
}

public sealed partial class BrokenUnknownTable(NpgsqlDataSource db)
{
    [Query("SELECT id FROM v_no_such_table WHERE id = @id")]
    public partial Task<long?> FindAsync(long id, CancellationToken ct = default);
}

public sealed partial class BrokenUnknownColumn(NpgsqlDataSource db)
{
    [Query("SELECT id, nmae AS name FROM v_items")]
    public partial Task<List<IdAndName>> AllAsync(CancellationToken ct = default);
}

public sealed partial class BrokenMissingColumn(NpgsqlDataSource db)
{
    [Query("SELECT id FROM v_items")]
    public partial Task<List<IdAndName>> AllAsync(CancellationToken ct = default);
}

public sealed partial class BrokenUnreadColumn(NpgsqlDataSource db)
{
    [Query("SELECT id, name, price FROM v_items")]
    public partial Task<List<IdAndName>> AllAsync(CancellationToken ct = default);
}

public sealed partial class BrokenNullable(NpgsqlDataSource db)
{
    [Query("SELECT id, note FROM v_items")]
    public partial Task<List<IdAndNote>> AllAsync(CancellationToken ct = default);
}

public sealed partial class BrokenType(NpgsqlDataSource db)
{
    [Query("SELECT id, name FROM v_items")]
    public partial Task<List<NameAsNumber>> AllAsync(CancellationToken ct = default);

    // An array column into a scalar member.
    [Query("SELECT tags FROM v_items")]
    public partial Task<List<string>> TagsAsync(CancellationToken ct = default);
}

public sealed partial class BrokenDuplicate(NpgsqlDataSource db)
{
    [Query("SELECT id, id AS parent_id, small::bigint AS parentid FROM v_items")]
    public partial Task<List<ParentRow>> AllAsync(CancellationToken ct = default);
}
