namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// On PostgreSQL as on SQLite: a converter or wrapper that throws fails naming the method, the SQL, the parameter or
/// column, the converter and the value, with its own exception inside; a wrapper holding null is an error, never NULL.
/// </summary>
public sealed class ConversionErrorTests(PgFixture pg)
{
    async Task<(TempSchema Schema, ConversionErrorStore Store)> CreateAsync(CancellationToken ct)
    {
        pg.Require();
        var schema = await TempSchema.CreateAsync(pg, ct);
        await schema.ExecuteAsync("CREATE TABLE contacts (id bigint PRIMARY KEY, email text NOT NULL, share bigint NOT NULL)", ct);
        await schema.ExecuteAsync("CREATE TABLE tags (id bigint PRIMARY KEY, tag text NULL)", ct);
        return (schema, new ConversionErrorStore(schema.Source));
    }

    [Fact]
    public async Task A_converter_that_throws_on_bind_names_method_sql_parameter_converter_and_value()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertAsync(new Contact(1, new Email("a@b"), new Percent(150)), ct));
        Assert.Contains("Holon.Data.Npgsql.Tests.ConversionErrorStore.InsertAsync", e.Message);
        Assert.Contains("'contact.Share'", e.Message);
        Assert.Contains("@Share", e.Message);
        Assert.Contains("Holon.Data.Npgsql.Tests.StrictPercent", e.Message);
        Assert.Contains("Percent { Value = 150 }", e.Message);
        Assert.Contains("INSERT INTO contacts", e.Message);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        Assert.Equal(0L, await schema.ScalarAsync<long>("SELECT count(*) FROM contacts", ct));
    }

    [Fact]
    public async Task Converters_and_wrappers_that_throw_on_read_name_column_method_value_and_converter()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        await schema.ExecuteAsync("INSERT INTO contacts VALUES (1, 'nobody', 5), (2, 'a@b', 500)", ct);

        var e = await Assert.ThrowsAsync<InvalidCastException>(() => store.GetAsync(1, ct));
        Assert.Contains("Column 'email' (text) of Holon.Data.Npgsql.Tests.ConversionErrorStore.GetAsync holds 'nobody'", e.Message);
        Assert.Contains("new Holon.Data.Npgsql.Tests.Email(…)", e.Message);
        Assert.Contains("SELECT id, email, share FROM contacts WHERE id = ", e.Message);
        Assert.IsType<FormatException>(e.InnerException);
        var list = await Assert.ThrowsAsync<InvalidCastException>(() => store.EmailsAsync(ct));
        Assert.IsType<FormatException>(list.InnerException);

        var share = await Assert.ThrowsAsync<InvalidCastException>(() => store.ShareAsync(2, ct));
        Assert.Contains("Column 'share' (bigint) of Holon.Data.Npgsql.Tests.ConversionErrorStore.ShareAsync holds 500", share.Message);
        Assert.Contains("Holon.Data.Npgsql.Tests.StrictPercent could not convert", share.Message);
        Assert.IsType<ArgumentOutOfRangeException>(share.InnerException);
        Assert.Equal(new Percent(5), await store.ShareAsync(1, ct));
    }

    [Fact]
    public async Task A_wrapper_holding_null_is_an_error_not_NULL()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.TagAsync(1, default, ct));
        Assert.Contains("Holon.Data.Npgsql.Tests.ConversionErrorStore.TagAsync", e.Message);
        Assert.Contains("'tag'", e.Message);
        Assert.Contains("@tag", e.Message);
        Assert.Contains("ItemId", e.Message);
        Assert.Contains("INSERT INTO tags", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.TagOrNullAsync(2, default(ItemId), ct));
        Assert.Equal(0L, await schema.ScalarAsync<long>("SELECT count(*) FROM tags", ct));
        Assert.Equal(1, await store.TagOrNullAsync(3, null, ct));
        Assert.Equal(1, await store.TagAsync(4, new ItemId("x"), ct));
        Assert.Equal(1L, await schema.ScalarAsync<long>("SELECT count(*) FROM tags WHERE tag IS NULL", ct));
    }

    [Fact]
    public async Task An_IN_list_element_whose_converter_throws_names_method_list_converter_value_and_sql()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        await schema.ExecuteAsync("INSERT INTO contacts VALUES (1, 'a@b', 40)", ct);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.WithSharesAsync([new Percent(40), new Percent(101)], ct));
        Assert.Contains("Holon.Data.Npgsql.Tests.ConversionErrorStore.WithSharesAsync", e.Message);
        Assert.Contains("'shares[…]'", e.Message);
        Assert.Contains("@shares", e.Message);
        Assert.Contains("Holon.Data.Npgsql.Tests.StrictPercent", e.Message);
        Assert.Contains("Percent { Value = 101 }", e.Message);
        Assert.Contains("SELECT id FROM contacts WHERE share", e.Message);
        Assert.Equal("shares", e.ParamName);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        Assert.Equal([1L], await store.WithSharesAsync([new Percent(40), new Percent(7)], ct));
    }

    [Fact]
    public async Task An_IN_list_element_holding_null_is_an_error_not_a_silent_non_match()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        await schema.ExecuteAsync("INSERT INTO tags VALUES (1, 'x'), (2, NULL)", ct);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.UntagAsync([new ItemId("x"), default], ct));
        Assert.Contains("Holon.Data.Npgsql.Tests.ConversionErrorStore.UntagAsync", e.Message);
        Assert.Contains("'tags[…]'", e.Message);
        Assert.Contains("@tags", e.Message);
        Assert.Contains("ItemId", e.Message);
        Assert.Equal("tags", e.ParamName);
        Assert.Equal(2L, await schema.ScalarAsync<long>("SELECT count(*) FROM tags", ct));
        // A null wrapper is a NULL element (never equal to anything); one holding null is still an error.
        Assert.Equal([1L], await store.TaggedAsync([new ItemId("x"), null], ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TaggedAsync([default(ItemId)], ct));
        Assert.Equal(1, await store.UntagAsync([new ItemId("x")], ct));
    }

    [Fact]
    public async Task A_conversion_failing_in_a_bulk_command_names_the_element_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        var e = await Assert.ThrowsAsync<BulkCommandException>(() => store.InsertManyAsync(
            [new Contact(1, new Email("a@b"), new Percent(1)), new Contact(2, new Email("c@d"), new Percent(101))], ct));
        Assert.Equal(1, e.Index);
        var inner = Assert.IsType<ArgumentException>(e.InnerException);
        Assert.Contains("StrictPercent", inner.Message);
        Assert.Equal(0L, await schema.ScalarAsync<long>("SELECT count(*) FROM contacts", ct));
    }
}
