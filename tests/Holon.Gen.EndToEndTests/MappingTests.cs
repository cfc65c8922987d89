namespace Holon.Gen.EndToEndTests;

/// <summary>Mapping rules on real SQLite files: tuples by name, optional members, duplicate columns, a chosen pool.</summary>
public sealed class MappingTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly Issue12Store _store;

    public MappingTests()
    {
        _store = new Issue12Store(_db.Pool);
        Assert.Equal(1, _store.Insert(1, "first", null));
        Assert.Equal(1, _store.Insert(2, "second", "text"));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Named_tuple_maps_by_name()
    {
        // SELECT id, title into (string Title, long Id): by position the id went into Title.
        Assert.Equal([("first", 1L), ("second", 2L)], _store.NamedTuples());
    }

    [Fact]
    public void Unnamed_tuple_maps_by_position()
    {
        Assert.Equal([(1L, "first"), (2L, "second")], _store.UnnamedTuples());
    }

    [Fact]
    public void Members_with_defaults_are_optional_and_keep_their_defaults()
    {
        var notes = _store.OptionalNotes();
        Assert.Equal(new OptionalNote(1, "first"), notes[0]);
        Assert.False(notes[0].Pinned);
        Assert.Equal("none", notes[0].Tag);
        Assert.Equal(7, notes[0].Score);
        Assert.Equal(3, notes[0].Rank);
        Assert.Equal("unset", notes[0].Body);
    }

    [Fact]
    public void Optional_members_are_read_when_their_columns_are_there()
    {
        var note = _store.FullNotes()[1];
        Assert.True(note.Pinned);
        Assert.Equal("red", note.Tag);
        Assert.Null(note.Score);
        Assert.Equal(9, note.Rank);
        Assert.Equal("text", note.Body);
        Assert.Null(_store.FullNotes()[0].Body);
    }

    [Fact]
    public void Two_columns_for_one_member_throw_naming_both_positions()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _store.DuplicateTitles());
        Assert.Contains("Issue12Store.DuplicateTitles", error.Message);
        Assert.Contains("'Title'", error.Message);
        Assert.Contains("position 0", error.Message);
        Assert.Contains("position 1", error.Message);
        Assert.Contains("SELECT n.title, b.title AS title", error.Message);

        var tuple = Assert.Throws<InvalidOperationException>(() => _store.DuplicateTupleTitles());
        Assert.Contains("Issue12Store.DuplicateTupleTitles", tuple.Message);
        Assert.Contains("position 1", tuple.Message);
    }

    [Fact]
    public void Private_setter_is_not_filled()
    {
        // The decision (HOLON016 warns at compile time): generated code cannot call a private setter without reflection.
        var note = _store.PrivateSetterNotes()[0];
        Assert.Equal(-1, note.Id);
        Assert.Equal("first", note.Title);
    }

    [Fact]
    public void HolonPool_chooses_the_pool()
    {
        using var archive = new TestDatabase();
        var store = new TwoPoolStore(archive.Pool, _db.Pool);
        Assert.Equal(2, store.Count());
        Assert.Same(archive.Pool, store.Archive);
    }
}
