namespace Holon.Data.ReliabilityTests;

public sealed record Note(long Id, string Body);

public sealed record NumberAsInt(long Id, int V);

public sealed record Victim(long Id, string Name);

/// <summary>Generated data access used by the hostile-input and bad-SQL tests (promises 13 and 14).</summary>
public sealed partial class HostileStore(SqlitePool pool)
{
    public const string Schema = """
        CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        CREATE INDEX notes_body ON notes(body);
        CREATE TABLE canary(id INTEGER PRIMARY KEY, word TEXT NOT NULL);
        INSERT INTO canary(id, word) VALUES (1, 'still here');
        CREATE TABLE nums(id INTEGER PRIMARY KEY, v INTEGER);
        CREATE TABLE victims(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE bystanders(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        """;

    [Command("INSERT INTO notes (id, body) VALUES (@id, @body)")]
    public partial int Insert(ConnectionLease lease, long id, string body);

    [Command("INSERT INTO notes (id, body) VALUES (@id, @body)")]
    public partial ValueTask<int> InsertAsync(long id, string body, CancellationToken ct = default);

    [Command("INSERT INTO notes (id, body) VALUES (@Id, @Body)")]
    public partial int InsertNote(Note note);

    [Query("SELECT body FROM notes WHERE id = @id")]
    public partial string? GetBody(ConnectionLease lease, long id);

    [Query("SELECT id, body FROM notes WHERE id = @id")]
    public partial ValueTask<Note?> GetAsync(long id, CancellationToken ct = default);

    [Query("SELECT id FROM notes WHERE body = @body ORDER BY id")]
    public partial List<long> FindIds(ConnectionLease lease, string body);

    [Query("SELECT count(*) FROM notes")]
    public partial long CountNotes();

    [Query("SELECT v FROM nums WHERE id = @id")]
    public partial int GetInt(long id);

    [Query("SELECT v FROM nums WHERE id = @id")]
    public partial byte GetByte(long id);

    [Query("SELECT id, v FROM nums WHERE id = @id")]
    public partial NumberAsInt? GetNumber(long id);

    [Query("SELECT v FROM nums WHERE id = @id")]
    public partial long GetLong(long id);

    [Query("SELECT id, name FROM victims WHERE id = @id")]
    public partial Victim? GetVictim(long id);

    [Query("SELECT * FROM victims WHERE id = @id")]
    public partial Victim? GetVictimStar(long id);

    [Command("INSERT INTO victims (id, name) VALUES (@id, @name)")]
    public partial int AddVictim(long id, string name);

    [Query("SELECT count(*) FROM bystanders")]
    public partial long CountBystanders();

    [Command("INSERT INTO bystanders (id, name) VALUES (@id, @name)")]
    public partial ValueTask<int> AddBystanderAsync(long id, string name, CancellationToken ct = default);
}
