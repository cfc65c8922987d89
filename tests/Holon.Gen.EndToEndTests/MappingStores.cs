using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>A note row whose members with defaults are optional.</summary>
public sealed record OptionalNote(long Id, string Title, bool Pinned = false, string Tag = "none", long? Score = 7)
{
    public int Rank { get; init; } = 3;
    public string? Body { get; set; } = "unset";
}

/// <summary>A note whose Id setter is private: HOLON016 (suppressed here), never filled.</summary>
public sealed class PrivateSetterNote
{

    public long Id { get; private set; } = -1;

    public string Title { get; set; } = "";
}

public sealed partial class Issue12Store(SqlitePool pool)
{
    [Command("INSERT INTO notes (id, title, body) VALUES (@id, @title, @body)")]
    public partial int Insert(long id, string title, string? body);

    [Query("SELECT id, title FROM notes ORDER BY id")]
    public partial List<(string Title, long Id)> NamedTuples();

    [Query("SELECT id, title FROM notes ORDER BY id")]
    public partial List<(long, string)> UnnamedTuples();

    [Query("SELECT id, title FROM notes ORDER BY id")]
    public partial List<OptionalNote> OptionalNotes();

    [Query("SELECT id, title, 1 AS pinned, 'red' AS tag, NULL AS score, 9 AS rank, body FROM notes ORDER BY id")]
    public partial List<OptionalNote> FullNotes();

    [Query("SELECT n.title, b.title AS title, n.id FROM notes n JOIN notes b ON b.id = n.id ORDER BY n.id")]
    public partial List<OptionalNote> DuplicateTitles();

    [Query("SELECT n.title, b.title AS title FROM notes n JOIN notes b ON b.id = n.id ORDER BY n.id")]
    public partial List<(string Title, long Id)> DuplicateTupleTitles();

    [Query("SELECT id, title FROM notes ORDER BY id")]
    public partial List<PrivateSetterNote> PrivateSetterNotes();
}

/// <summary>Two pools, one chosen with [HolonPool].</summary>
public sealed partial class TwoPoolStore(SqlitePool archive, [HolonPool] SqlitePool main)
{
    public SqlitePool Archive => archive;

    [Query("SELECT count(*) FROM notes")]
    public partial long Count();
}
