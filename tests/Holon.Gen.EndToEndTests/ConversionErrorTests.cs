using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// A converter or wrapper that throws fails naming the method, the SQL, the parameter or column, the converter and the
/// value, with its own exception inside; a wrapper holding null is an error, never SQL NULL; nothing is written.
/// </summary>
public sealed class ConversionErrorTests : IDisposable
{
    private const string Insert = "INSERT INTO contacts (id, email, share) VALUES (@Id, @Email, @Share)";
    private readonly TestDatabase _db = new();
    private readonly ConversionErrorStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ConversionErrorTests()
    {
        _store = new ConversionErrorStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, share INTEGER NOT NULL)");
        lease.Execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, tag TEXT)");
    }

    public void Dispose() => _db.Dispose();

#pragma warning disable HOLON101
    private long Count(string table)
    {
        using var lease = _db.Pool.RentReader(Ct);
        return lease.Scalar<long>("SELECT count(*) FROM " + table);
    }

    private void Raw(string sql)
    {
        using var lease = _db.Pool.RentWriter(Ct);
        lease.Execute(sql);
    }
#pragma warning restore HOLON101

    [Fact]
    public void A_converter_that_throws_on_bind_names_method_sql_parameter_converter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => _store.Insert(new Contact(1, new Email("a@b"), new Percent(150))));
        Assert.Contains("Holon.Gen.EndToEndTests.ConversionErrorStore.Insert", e.Message);
        Assert.Contains("'contact.Share'", e.Message);
        Assert.Contains("@Share", e.Message);
        Assert.Contains("Holon.Gen.EndToEndTests.StrictPercent", e.Message);
        Assert.Contains("Percent { Value = 150 }", e.Message);
        Assert.Contains(Insert, e.Message);
        Assert.Equal("contact", e.ParamName);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        Assert.Equal(0, Count("contacts"));
    }

    [Fact]
    public void A_wrapper_constructor_that_throws_on_read_names_column_member_method_value_and_sql()
    {
        Raw("INSERT INTO contacts VALUES (1, 'nobody', 5)");
        var e = Assert.Throws<InvalidCastException>(() => _store.Get(1));
        Assert.Contains("Column 'email' (member 'Email') of Holon.Gen.EndToEndTests.ConversionErrorStore.Get", e.Message);
        Assert.Contains("'nobody'", e.Message);
        Assert.Contains("new Holon.Gen.EndToEndTests.Email(…)", e.Message);
        Assert.Contains("SELECT id, email, share FROM contacts WHERE id = @id", e.Message);
        Assert.IsType<FormatException>(e.InnerException);

        var scalar = Assert.Throws<InvalidCastException>(() => _store.Emails());
        Assert.Contains("Column 'email' of Holon.Gen.EndToEndTests.ConversionErrorStore.Emails", scalar.Message);
        Assert.IsType<FormatException>(scalar.InnerException);
    }

    [Fact]
    public async Task A_converter_that_throws_on_read_names_the_stored_value_and_the_converter()
    {
        Raw("INSERT INTO contacts VALUES (1, 'a@b', 500)");
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => _store.ShareAsync(1));
        Assert.Contains("Column 'share' of Holon.Gen.EndToEndTests.ConversionErrorStore.ShareAsync holds 500", e.Message);
        Assert.Contains("Holon.Gen.EndToEndTests.StrictPercent could not convert", e.Message);
        Assert.Contains("SELECT share FROM contacts WHERE id = @id", e.Message);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        var row = Assert.Throws<InvalidCastException>(() => _store.Get(1));
        Assert.Contains("Column 'share' (member 'Share')", row.Message);
    }

    [Fact]
    public void Conversions_that_succeed_round_trip()
    {
        Assert.Equal(1, _store.Insert(new Contact(1, new Email("a@b"), new Percent(40))));
        Assert.Equal(new Contact(1, new Email("a@b"), new Percent(40)), _store.Get(1));
        Assert.Equal([new Email("a@b")], _store.Emails());
    }

    [Fact]
    public void A_wrapper_holding_null_is_an_error_not_NULL()
    {
        var e = Assert.Throws<ArgumentException>(() => _store.Tag(1, default));
        Assert.Contains("Holon.Gen.EndToEndTests.ConversionErrorStore.Tag", e.Message);
        Assert.Contains("'tag'", e.Message);
        Assert.Contains("@tag", e.Message);
        Assert.Contains("BlockId", e.Message);
        Assert.Contains("INSERT INTO tags (id, tag) VALUES (@id, @tag)", e.Message);
        Assert.Equal("tag", e.ParamName);
        // Nullable or not: NULL is written by a null wrapper, never by one holding null.
        Assert.Throws<ArgumentException>(() => _store.TagOrNull(2, default(BlockId)));
        Assert.Equal(0, Count("tags"));
        Assert.Equal(1, _store.TagOrNull(3, null));
        Assert.Equal(1, _store.Tag(4, new BlockId("x")));
        Assert.Equal(2, Count("tags"));
    }

    [Fact]
    public void A_conversion_failing_in_a_bulk_command_names_the_element_and_writes_nothing()
    {
        var e = Assert.Throws<BulkCommandException>(() => _store.InsertMany(
            [new Contact(1, new Email("a@b"), new Percent(1)), new Contact(2, new Email("c@d"), new Percent(101))]));
        Assert.Equal(1, e.Index);
        var inner = Assert.IsType<ArgumentException>(e.InnerException);
        Assert.Contains("StrictPercent", inner.Message);
        Assert.Contains("@Share", inner.Message);
        Assert.Equal(0, Count("contacts"));
    }

    [Fact]
    public void An_IN_list_element_whose_converter_throws_names_method_list_converter_value_and_sql()
    {
        Raw("INSERT INTO contacts VALUES (1, 'a@b', 40)");
        var e = Assert.Throws<ArgumentException>(() => _store.WithShares([new Percent(40), new Percent(101)]));
        Assert.Contains("Holon.Gen.EndToEndTests.ConversionErrorStore.WithShares", e.Message);
        Assert.Contains("'shares[…]'", e.Message);
        Assert.Contains("@shares", e.Message);
        Assert.Contains("Holon.Gen.EndToEndTests.StrictPercent", e.Message);
        Assert.Contains("Percent { Value = 101 }", e.Message);
        Assert.Contains("SELECT id FROM contacts WHERE share IN (SELECT", e.Message);
        Assert.Equal("shares", e.ParamName);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        Assert.Equal([1L], _store.WithShares([new Percent(40), new Percent(7)]));
    }

    [Fact]
    public void An_IN_list_element_holding_null_is_an_error_not_a_silent_non_match()
    {
        Raw("INSERT INTO tags VALUES (1, 'x'), (2, NULL)");
        var e = Assert.Throws<ArgumentException>(() => _store.Untag([new BlockId("x"), default]));
        Assert.Contains("Holon.Gen.EndToEndTests.ConversionErrorStore.Untag", e.Message);
        Assert.Contains("'tags[…]'", e.Message);
        Assert.Contains("@tags", e.Message);
        Assert.Contains("BlockId", e.Message);
        Assert.Equal("tags", e.ParamName);
        Assert.Equal(2, Count("tags"));
        // A null wrapper is a NULL element (never equal to anything); one holding null is still an error.
        Assert.Equal([1L], _store.Tagged([new BlockId("x"), null]));
        Assert.Throws<ArgumentException>(() => _store.Tagged([default(BlockId)]));
        Assert.Equal(1, _store.Untag([new BlockId("x")]));
    }

    [Fact]
    public void A_converter_returning_null_is_an_error_not_NULL()
    {
        var labels = new LabelStore(_db.Pool);
        var e = Assert.Throws<ArgumentException>(() => labels.Label(1, new Label("")));
        Assert.Contains("Holon.Gen.EndToEndTests.LabelStore.Label", e.Message);
        Assert.Contains("'label'", e.Message);
        Assert.Contains("@label", e.Message);
        Assert.Contains("Holon.Gen.EndToEndTests.LabelAsNullableText turns into null", e.Message);
        Assert.Equal(0, Count("tags"));
        Assert.Equal(1, labels.Label(2, new Label("x")));
    }
}
