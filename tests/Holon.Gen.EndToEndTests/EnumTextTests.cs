using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// [EnumAsText] on the enum type, a record member or a method parameter stores the name, reads
/// names back ignoring case, and fails loudly on an unknown name (naming column, member, method and value).
/// </summary>
public sealed class EnumTextTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly EnumTextStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public EnumTextTests()
    {
        _store = new EnumTextStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, status, plain, mood)");
    }

    public void Dispose() => _db.Dispose();

    // Reads what is really stored; every caller passes a literal.
#pragma warning disable HOLON101
    private T Raw<T>(string sql)
    {
        using var lease = _db.Pool.RentReader(Ct);
        return lease.Scalar<T>(sql)!;
    }
#pragma warning restore HOLON101

    [Fact]
    public void Names_are_stored_and_read_back()
    {
        Assert.Equal(1, _store.Insert(new Post(1, Status.Published, Status.Published, Mood.Excited)));
        Assert.Equal(1, _store.Insert(new Post(2, Status.Draft, Status.Draft, null)));
        Assert.Equal("Published", Raw<string>("SELECT status FROM posts WHERE id = 1"));
        Assert.Equal("integer", Raw<string>("SELECT typeof(plain) FROM posts WHERE id = 1"));
        Assert.Equal("Excited", Raw<string>("SELECT mood FROM posts WHERE id = 1"));
        Assert.Equal(new Post(1, Status.Published, Status.Published, Mood.Excited), _store.Get(1));
        Assert.Equal(new Post(2, Status.Draft, Status.Draft, null), _store.Get(2));
        Assert.Equal(1, _store.CountWith(Status.Published));
        Assert.Equal([Mood.Excited], _store.Moods());
        Assert.Null(_store.MoodOf(2));
    }

    [Fact]
    public void An_alias_stores_the_first_name_of_its_value()
    {
        _store.Insert(new Post(1, Status.Draft, Status.Draft, Mood.Still));
        Assert.Equal("Calm", Raw<string>("SELECT mood FROM posts"));
        Assert.Equal(Mood.Calm, _store.MoodOf(1));
    }

    [Fact]
    public void Names_are_read_ignoring_case()
    {
        using (var lease = _db.Pool.RentWriter(Ct))
            lease.Execute("INSERT INTO posts VALUES (1, 'PUBLISHED', 0, 'excited'), (2, 'draft', 1, 'cALM')");
        Assert.Equal(new Post(1, Status.Published, Status.Draft, Mood.Excited), _store.Get(1));
        Assert.Equal(new Post(2, Status.Draft, Status.Published, Mood.Calm), _store.Get(2));
        Assert.Equal([Mood.Excited, Mood.Calm], _store.Moods());
    }

    [Fact]
    public void An_unknown_name_throws_naming_column_member_method_and_value()
    {
        using (var lease = _db.Pool.RentWriter(Ct))
            lease.Execute("INSERT INTO posts VALUES (1, 'Archived', 0, NULL), (2, 1, 0, NULL), (3, 'Draft', 0, 'Bored')");
        var ex = Assert.Throws<InvalidCastException>(() => _store.Get(1));
        Assert.Contains("'status'", ex.Message);
        Assert.Contains("'Status'", ex.Message);
        Assert.Contains("EnumTextStore.Get", ex.Message);
        Assert.Contains("TEXT 'Archived'", ex.Message);
        Assert.Contains("Draft, Published", ex.Message);
        // An integer written before the member opted in is not a name either.
        Assert.Contains("INTEGER 1", Assert.Throws<InvalidCastException>(() => _store.Get(2)).Message);
        var mood = Assert.Throws<InvalidCastException>(() => _store.MoodOf(3));
        Assert.Contains("TEXT 'Bored'", mood.Message);
        Assert.Contains("EnumTextStore.MoodOf", mood.Message);
    }

    [Fact]
    public void A_value_without_a_name_cannot_be_written()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _store.Insert(new Post(1, (Status)7, Status.Draft, null)));
        Assert.Contains("@Status", ex.Message);
        Assert.Contains("EnumTextStore.Insert", ex.Message);
        Assert.Contains("7", ex.Message);
        Assert.Equal(0L, Raw<long>("SELECT count(*) FROM posts"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.CountWith((Status)9));
    }
}
