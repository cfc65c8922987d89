namespace Holon.Gen.EndToEndTests;

/// <summary>
/// TEXT 'Published' into an enum, 'true' into bool and 'abc' into int? throw from generated code,
/// naming column, member, method and storage class; item 12: NaN names its parameter, a Julian day out of range its column.
/// </summary>
public sealed class StrictReadTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly StrictReadStore _store;

    public StrictReadTests()
    {
        _store = new StrictReadStore(_db.Pool);
        using var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken);
        lease.ExecuteScript("""
            CREATE TABLE strict (id INTEGER PRIMARY KEY, status, flag, count);
            INSERT INTO strict VALUES (1, 'Published', 1, 2), (2, 1, 'true', 2), (3, 1, 0, 'abc'), (4, 1, 1, '42'), (5, 0, 1.0, NULL);
            CREATE TABLE measures (id INTEGER PRIMARY KEY, f REAL);
            CREATE TABLE stamps (id INTEGER PRIMARY KEY, at);
            INSERT INTO stamps VALUES (1, 1700000000);
            """);
    }

    public void Dispose() => _db.Dispose();

    private static void Names(Exception ex, string column, string member, string method, string storage)
    {
        Assert.Contains("'" + column + "'", ex.Message);
        Assert.Contains("'" + member + "'", ex.Message);
        Assert.Contains(method, ex.Message);
        Assert.Contains(storage, ex.Message);
    }

    [Fact]
    public void Text_in_an_enum_member_throws()
    {
        var ex = Assert.Throws<InvalidCastException>(() => _store.Get(1));
        Names(ex, "status", "Status", "StrictReadStore.Get", "TEXT 'Published'");
        Assert.Contains("SELECT id, status", ex.Message);
        Names(Assert.Throws<InvalidCastException>(() => _store.TupleOf(1)), "status", "Status", "StrictReadStore.TupleOf", "TEXT 'Published'");
        Names(Assert.Throws<InvalidCastException>(() => _store.StatusOf(1)), "status", "result", "StrictReadStore.StatusOf", "TEXT 'Published'");
    }

    [Fact]
    public void Text_true_in_a_bool_member_throws()
        => Names(Assert.Throws<InvalidCastException>(() => _store.Get(2)), "flag", "Flag", "StrictReadStore.Get", "TEXT 'true'");

    [Fact]
    public void Text_abc_in_a_nullable_int_throws()
    {
        Names(Assert.Throws<InvalidCastException>(() => _store.Get(3)), "count", "Count", "StrictReadStore.Get", "TEXT 'abc'");
        Names(Assert.Throws<InvalidCastException>(() => _store.CountOf(3)), "count", "result", "StrictReadStore.CountOf", "TEXT 'abc'");
    }

    [Fact]
    public void Integer_text_and_integral_reals_still_read()
    {
        Assert.Equal(new StrictRow(4, Status.Published, true, 42), _store.Get(4));
        Assert.Equal(new StrictRow(5, Status.Draft, true, null), _store.Get(5));
        Assert.Equal(42, _store.CountOf(4));
    }

    [Fact]
    public void NaN_names_the_parameter_and_the_method()
    {
        var ex = Assert.Throws<ArgumentException>(() => _store.Insert(new Measurement(1, double.NaN)));
        Assert.Contains("@F", ex.Message);
        Assert.Contains("StrictReadStore.Insert", ex.Message);
        Assert.DoesNotContain("slot", ex.Message);
    }

    [Fact]
    public void A_DateTime_read_from_an_out_of_range_INTEGER_names_column_member_method_and_sql()
    {
        var ex = Assert.Throws<OverflowException>(() => _store.Stamp(1));
        Names(ex, "at", "At", "StrictReadStore.Stamp", "INTEGER 1700000000");
        Assert.Contains("SELECT id, at FROM stamps", ex.Message);
    }
}
