using System.Runtime.CompilerServices;
using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>Commands whose result shape can be violated, RETURNING streams, and reads on a flow that holds the writer.</summary>
public sealed partial class NoteStore(SqlitePool pool)
{
    [Command("INSERT INTO notes (title) VALUES (@title) RETURNING id")]
    public partial long Insert(string title);

    [Command("INSERT INTO notes (title) VALUES (@title) RETURNING id")]
    public partial long Insert(ConnectionLease lease, string title);

    [Command("DELETE FROM notes WHERE title = @title RETURNING id")]
    public partial int DeleteOne(string title);

    [Command("DELETE FROM notes WHERE title = @title RETURNING id")]
    public partial int DeleteOne(ConnectionLease lease, string title);

    [Command("DELETE FROM notes WHERE title = @title RETURNING id")]
    public partial Task<long?> DeleteAtMostOneAsync(string title, CancellationToken ct);

    [Command("UPDATE notes SET body = @body WHERE title = @title RETURNING id, title, body")]
    public partial Note? Retitle(string title, string body);

    [Command("INSERT INTO notes (title) VALUES (@title) RETURNING id")]
    public partial IAsyncEnumerable<long> InsertStream(string title, CancellationToken ct);

    [Command("INSERT INTO notes (title) VALUES (@title) RETURNING id")]
    public partial IAsyncEnumerable<long> InsertStreamWithToken(string title, [EnumeratorCancellation] CancellationToken ct);

    [Query("SELECT id, title, body FROM notes WHERE id = @id")]
    public partial Note? Get(long id);

    [Query("SELECT id, title, body FROM notes WHERE id = @id")]
    public partial Task<Note?> GetAsync(long id, CancellationToken ct);

    [Query("SELECT id, title, body FROM notes WHERE id = @id")]
    public partial ValueTask<Note?> GetValueAsync(long id, CancellationToken ct);

    [Query("SELECT id, title, body FROM notes ORDER BY id")]
    public partial IAsyncEnumerable<Note> All(CancellationToken ct);

    [Query("SELECT count(*) FROM notes")]
    public partial int Count();
}

public sealed record Note(long Id, string Title, string? Body);
