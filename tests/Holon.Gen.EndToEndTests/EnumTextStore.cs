using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>Stored as its name wherever it is used.</summary>
[EnumAsText]
public enum Mood { Calm, Excited, Still = Calm }

/// <summary>Status (an integer enum elsewhere) stored as its name through this member only.</summary>
public sealed record Post(long Id, [EnumAsText] Status Status, Status Plain, Mood? Mood);

/// <summary>Enums stored as text, per type and per member or parameter.</summary>
public sealed partial class EnumTextStore(SqlitePool pool)
{
    [Command("INSERT INTO posts (id, status, plain, mood) VALUES (@Id, @Status, @Plain, @Mood)")]
    public partial int Insert(Post post);

    [Query("SELECT id, status, plain, mood FROM posts WHERE id = @id")]
    public partial Post? Get(long id);

    [Query("SELECT count(*) FROM posts WHERE status = @status")]
    public partial long CountWith([EnumAsText] Status status);

    [Query("SELECT mood FROM posts WHERE mood IS NOT NULL ORDER BY id")]
    public partial List<Mood> Moods();

    [Query("SELECT mood FROM posts WHERE id = @id")]
    public partial Mood? MoodOf(long id);
}
