using Holon.Data.Generated;

namespace Holon.Data.Tests;

/// <summary>
/// The JSON array an IN-list binds for <c>json_each</c>, read back by real SQLite: text is escaped by
/// System.Text.Json (a lone surrogate as its \uXXXX escape, so it reads back unchanged), numbers, NULL, GUIDs and formatted values keep their values.
/// </summary>
public class InListJsonTests
{
    private static readonly StatementDefinition Each = new(
        "SELECT value, type FROM json_each(@list) ORDER BY key", StatementKind.Query, ["@list"], ["Value", "Type"], "Tests.InList.Each");

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("quote\" back\\ slash/", "quote\" back\\ slash/")]
    [InlineData("\0 \u0001 \n \t \u001f \u007f", "\0 \u0001 \n \t \u001f \u007f")]
    [InlineData("é 漢字 😀 <>&'", "é 漢字 😀 <>&'")]
    [InlineData("", "")]
    public void InList_text_elements_read_back_through_json_each(string element, string expected) => TextReadsBack(element, expected);

    // Built in code: attribute arguments cannot carry a lone surrogate (metadata stores them as UTF-8).
    [Fact]
    public void InList_text_lone_surrogates_read_back_unchanged()
    {
        string both = "lone " + '\uD800' + " high and " + '\uDC00' + " low \"quoted\"";
        TextReadsBack(both, both);
        TextReadsBack(new string(['\uDC00', '\uD800']), new string(['\uDC00', '\uD800']));
        TextReadsBack(new string(['\uD83D', '\uDE00', '\uD83D']), new string(['\uD83D', '\uDE00', '\uD83D']));
    }

    private static void TextReadsBack(string element, string expected)
    {
        var writer = InListJson.Start("Tests.InList.Text", "codes");
        writer.Text(element);
        writer.Text("second");
        var rows = Read(writer);
        Assert.Equal([expected, "second"], rows.Select(r => r.Value));
        Assert.All(rows, r => Assert.Equal("text", r.Type));
    }

    [Fact]
    public void InList_elements_of_every_kind_keep_their_values()
    {
        var guid = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
        var writer = InListJson.Start("Tests.InList.Kinds", "values");
        writer.Int64(long.MinValue);
        writer.Double(0.1);
        writer.Double(1e300);
        writer.Null();
        writer.Guid(guid);
        writer.Formatted(12.50m, "0.0###########################");
        writer.Formatted(new DateOnly(2026, 12, 7), @"yyyy\-MM\-dd");
        // The text so far: ']' is written by BindTo.
        Assert.Equal("[-9223372036854775808,0.1,1E+300,null,\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"12.5\",\"2026-12-07\"", writer.ToString());
        var rows = Read(writer);
        Assert.Equal(
            [("-9223372036854775808", "integer"), ("0.1", "real"), ("1.0e+300", "real"), ("", "null"),
             ("0F8FAD5B-D9CB-469F-A165-70867728950E", "text"), ("12.5", "text"), ("2026-12-07", "text")],
            rows);
    }

    [Fact]
    public void InList_double_not_finite_is_refused_naming_the_element()
    {
        var writer = InListJson.Start("Tests.InList.Ratios", "ratios");
        writer.Double(1.5);
        var error = Assert.Throws<ArgumentException>(() => writer.Double(double.NaN));
        Assert.Equal("ratios", error.ParamName);
        Assert.Contains("Tests.InList.Ratios: element 1 of 'ratios' is NaN", error.Message);
    }

    [Fact]
    public void InList_writer_is_reused_and_starts_empty()
    {
        var first = InListJson.Start("Tests.InList.Reuse", "a");
        first.Text(new string('x', 100_000)); // past the size a thread keeps
        Assert.Single(Read(first));
        var second = InListJson.Start("Tests.InList.Reuse", "b");
        Assert.Same(first, second);
        second.Int64(1);
        Assert.Equal("[1", second.ToString());
        Assert.Equal([("1", "integer")], Read(second));
    }

    private static List<(string Value, string Type)> Read(InListJson writer)
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using var lease = pool.RentReader(TestContext.Current.CancellationToken);
        using var s = lease.Statement(Each, TestContext.Current.CancellationToken);
        writer.BindTo(s, 0);
        var rows = new List<(string, string)>();
        while (s.Step()) rows.Add((s.IsNull(0) ? "" : s.GetString(0), s.GetString(1)));
        return rows;
    }
}
