using System.Globalization;

namespace Holon.Data.Tests;

/// <summary>
/// decimal, DateTimeOffset and Guid are stored as TEXT (Microsoft.Data.Sqlite's convention), so SQL compares and orders
/// them as text. These pin each row of the gotchas page's table, so the table cannot become untrue.
/// </summary>
public sealed class TextStorageComparisonTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly SqlitePool _pool;

    public TextStorageComparisonTests()
    {
        _pool = new SqlitePool(_db.Options());
        using var lease = _pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE prices(price TEXT NOT NULL)");
        lease.Execute("CREATE TABLE stamps(name TEXT NOT NULL, at TEXT NOT NULL)");
        lease.Execute("CREATE TABLE things(id TEXT NOT NULL)");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _pool.Dispose();
        _db.Dispose();
    }

    private List<string> Strings(string sql, params object?[] args)
    {
        using var lease = _pool.RentReader(Ct);
        return lease.Query(sql, s => s.GetString(0), args);
    }

    private long Count(string sql, params object?[] args)
    {
        using var lease = _pool.RentReader(Ct);
        return lease.Scalar<long>(sql, args);
    }

    private void Insert(string sql, Action<PreparedStatement> bind)
    {
        using var lease = _pool.RentWriter(Ct);
        using var s = lease.Statement(sql, Ct);
        bind(s);
        s.Step();
    }

    [Fact]
    public void Decimal_compares_and_orders_as_text_and_sums_as_real()
    {
        foreach (decimal d in new[] { 9.5m, 10m, 100.25m }) Insert("INSERT INTO prices(price) VALUES (?1)", s => s.BindDecimal(0, d));

        Assert.Equal(["10.0", "100.25", "9.5"], Strings("SELECT price FROM prices ORDER BY price"));   // stored text, text order
        Assert.Equal(["10.0", "100.25", "9.5"], Strings("SELECT price FROM prices WHERE price > 10 ORDER BY price"));   // 9.5 and 10.0 > 10
        Assert.Equal(0, Count("SELECT count(*) FROM prices WHERE price = 10"));   // 10m is stored '10.0'
        Assert.Equal(1, Count("SELECT count(*) FROM prices WHERE price = ?1", 10m));   // a bound decimal is the same text
        Assert.Equal(["9.5"], Strings("SELECT price FROM prices WHERE CAST(price AS REAL) < 10"));   // the fix: compare as a number
        using var lease = _pool.RentReader(Ct);
        Assert.Equal("real", lease.Scalar<string>("SELECT typeof(sum(price)) FROM prices"));
        Assert.Equal(119.75, lease.Scalar<double>("SELECT sum(price) FROM prices"));
    }

    [Fact]
    public void DateTimeOffset_orders_by_its_local_time_text_not_by_instant()
    {
        var early = new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(2));   // 08:00 UTC
        var late = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);             // 09:00 UTC
        Insert("INSERT INTO stamps(name, at) VALUES ('early', ?1)", s => s.BindDateTimeOffset(0, early));
        Insert("INSERT INTO stamps(name, at) VALUES ('late', ?1)", s => s.BindDateTimeOffset(0, late));

        Assert.Equal(["late", "early"], Strings("SELECT name FROM stamps ORDER BY at"));   // wrong by instant
        Assert.Equal(["late"], Strings("SELECT name FROM stamps WHERE at < ?1", early));   // 'late' < 'early' as text
        Assert.Equal(0, Count("SELECT count(*) FROM stamps WHERE at = ?1", early.ToOffset(TimeSpan.Zero)));   // same instant, other offset
        Assert.Equal(["early", "late"], Strings("SELECT name FROM stamps ORDER BY unixepoch(at)"));   // the fix: order by instant
        Assert.Equal(["early"], Strings("SELECT name FROM stamps WHERE at = (SELECT max(at) FROM stamps)"));   // max by text
        Assert.Equal("2024-01-01 10:00:00+02:00", Strings("SELECT at FROM stamps WHERE name = 'early'").Single());
    }

    [Fact]
    public void Guid_is_upper_case_text_so_a_lower_case_literal_finds_nothing()
    {
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Insert("INSERT INTO things(id) VALUES (?1)", s => s.BindGuid(0, id));

        Assert.Equal(id.ToString("D", CultureInfo.InvariantCulture).ToUpperInvariant(), Strings("SELECT id FROM things").Single());
        Assert.Equal(0, Count("SELECT count(*) FROM things WHERE id = '0f8fad5b-d9cb-469f-a165-70867728950e'"));
        Assert.Equal(1, Count("SELECT count(*) FROM things WHERE id = ?1", id));   // a bound Guid is the same text
        Assert.Equal(1, Count("SELECT count(*) FROM things WHERE id = upper('0f8fad5b-d9cb-469f-a165-70867728950e')"));
    }

    [Fact]
    public void Guid_text_order_is_the_order_of_Guid_CompareTo()
    {
        // Upper-case hex sorts like the numbers it spells, and the D format writes each field most significant first.
        var random = new Random(21);
        var ids = Enumerable.Range(0, 50).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }).ToList();
        foreach (var id in ids) Insert("INSERT INTO things(id) VALUES (?1)", s => s.BindGuid(0, id));

        ids.Sort();
        Assert.Equal(ids.Select(g => g.ToString("D").ToUpperInvariant()), Strings("SELECT id FROM things ORDER BY id"));
    }
}
