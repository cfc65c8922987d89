using Holon.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Holon.Data.DependencyInjection.Tests;

public sealed record Note(long Id, string Title);

/// <summary>A generated store whose pool comes from a keyed registration, through its primary constructor.</summary>
public sealed partial class NoteStore([FromKeyedServices("notes")] SqlitePool pool)
{
    [Command("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")]
    public partial void CreateTable();

    [Command("INSERT INTO notes (id, title) VALUES (@id, @title)")]
    public partial int Insert(long id, string title);

    [Query("SELECT id, title FROM notes WHERE id = @id")]
    public partial Note? Get(long id);

    [Query("SELECT id, title FROM notes WHERE id = @id")]
    public partial ValueTask<Note?> GetAsync(long id, CancellationToken ct = default);

    [Query("SELECT id, title FROM notes ORDER BY id")]
    public partial IAsyncEnumerable<Note> All(CancellationToken ct = default);

    // abs() of the smallest integer overflows: SQLite fails the step of the second row, after the first was yielded.
    [Query("SELECT id, CASE WHEN id = 2 THEN abs(-9223372036854775807 - 1) ELSE title END AS title FROM notes ORDER BY id")]
    public partial IAsyncEnumerable<Note> AllFailingAtTheSecondRow(CancellationToken ct = default);

    // The same error in a RETURNING stream on the writer.
    [Command("UPDATE notes SET title = title WHERE id > 0 RETURNING CASE WHEN id = 2 THEN abs(-9223372036854775807 - 1) ELSE id END")]
    public partial IAsyncEnumerable<long> TouchFailingAtTheSecondRow(CancellationToken ct = default);

    public SqlitePool Pool => pool;
}

/// <summary>A generated store over the unkeyed pool, registered with a plain <c>AddSingleton&lt;BlockStore&gt;()</c>.</summary>
public sealed partial class BlockStore(SqlitePool pool)
{
    [Command("CREATE TABLE IF NOT EXISTS blocks (id TEXT PRIMARY KEY, content TEXT NOT NULL)")]
    public partial void CreateTable();

    [Command("INSERT INTO blocks (id, content) VALUES (@id, @content)")]
    public partial int Insert(string id, string content);

    [Query("SELECT count(*) FROM blocks")]
    public partial long Count();

    public SqlitePool Pool => pool;
}
