using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>A trigger body holds ';' between its statements, yet the whole CREATE TRIGGER is one statement.</summary>
public sealed partial class AuditStore(SqlitePool pool)
{
    [Command("CREATE TABLE audit (note_id INTEGER NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL)")]
    public partial void CreateAuditTable();

    [Command("""
        CREATE TRIGGER notes_audit AFTER INSERT ON notes
        BEGIN
            INSERT INTO audit (note_id, title, kind) VALUES (new.id, new.title, 'insert; first');
            INSERT INTO audit (note_id, title, kind)
                VALUES (new.id, new.title, CASE WHEN new.body IS NULL THEN 'no body' ELSE 'body' END); -- END;
        END
        """)]
    public partial void CreateAuditTrigger();

    [Command("INSERT INTO notes (id, title, body) VALUES (@id, @title, @body)")]
    public partial int InsertNote(long id, string title, string? body);

    [Query("SELECT kind FROM audit WHERE note_id = @noteId ORDER BY rowid")]
    public partial List<string> AuditKinds(long noteId);
}

public sealed class TriggerTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_create_trigger_command_with_several_body_statements_runs_and_the_trigger_fires()
    {
        var store = new AuditStore(_db.Pool);
        store.CreateAuditTable();
        store.CreateAuditTrigger();

        Assert.Equal(1, store.InsertNote(1, "first", null));
        Assert.Equal(1, store.InsertNote(2, "second", "text"));

        // both statements of the body ran: the runtime prepared the whole trigger, not just its first statement
        Assert.Equal(["insert; first", "no body"], store.AuditKinds(1));
        Assert.Equal(["insert; first", "body"], store.AuditKinds(2));
    }
}
