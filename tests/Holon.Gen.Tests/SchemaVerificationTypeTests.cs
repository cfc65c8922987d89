using Microsoft.CodeAnalysis;
using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>
/// Types the build can see: a parameter against the column it is written into or compared with (HOLON209 STRICT,
/// HOLON210 affinity), an expression column of a certain type against its member (HOLON211), and decimal,
/// DateTimeOffset and Guid values stored as TEXT where the statement compares, orders or aggregates them (HOLON212).
/// </summary>
public sealed class SchemaVerificationTypeTests
{
    private static readonly AdditionalText[] Typed = MigrationFiles(("0001_create.sql", Create), ("0002_typed.sql", """
        CREATE TABLE counters (name TEXT PRIMARY KEY NOT NULL, hits INTEGER NOT NULL) STRICT;
        CREATE TABLE prices (id INTEGER PRIMARY KEY, price TEXT NOT NULL, stamp TEXT NOT NULL, ref TEXT NOT NULL);
        CREATE INDEX prices_by_stamp ON prices (stamp);
        CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, amount NUMERIC NOT NULL);
        """));

    private static string s_source = "";

    private static List<Diagnostic> Diagnostics(string body)
    {
        s_source = Header + body;
        return Run(body, Typed).Diagnostics;
    }

    /// <summary>The source text a diagnostic of the last run points at.</summary>
    private static string Located(Diagnostic d) => s_source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    [Fact]
    public void HOLON209_a_string_written_into_a_STRICT_INTEGER_column_is_an_error_on_the_parameter()
    {
        var diagnostics = Diagnostics("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command("INSERT INTO counters (name, hits) VALUES (@name, @hits)")] public partial int Add(string name, string hits);
                [Command("UPDATE counters SET hits = @hits WHERE name = @name")] public partial int Set(string name, string hits);
                [Command("INSERT INTO counters (name, hits) VALUES (@name, @hits)")] public partial int AddTyped(string name, long hits);
            }
            """);
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("HOLON209", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal("hits", Located(d));
            Assert.Contains("parameter 'hits' of type 'string' is bound as TEXT and written into column 'hits' of STRICT table 'counters', declared INTEGER",
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.EndsWith("HOLON209.md", diagnostics[0].Descriptor.HelpLinkUri);
    }

    [Fact]
    public void HOLON210_where_affinity_makes_it_legal_a_warning_for_writes_and_comparisons()
    {
        var diagnostics = Diagnostics("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Command("UPDATE blocks SET position = @position WHERE id = @id")] public partial int Move(string id, string position);
                [Query("SELECT id, content FROM blocks WHERE position > @min")] public partial List<Block> After(string min);
                [Query("SELECT id, content FROM blocks WHERE position > @min")] public partial List<Block> AfterTyped(long min);
                [Command("UPDATE events SET at = @at, amount = @amount WHERE id = @id")] public partial int Edit(long id, DateTime at, decimal amount);
            }
            """);
        Assert.True(diagnostics.Count == 2, string.Join("\n", diagnostics));
        Assert.Equal(["min", "position"], diagnostics.Select(Located).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal(("HOLON210", DiagnosticSeverity.Warning), (d.Id, d.Severity)));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("is written into column 'position' declared 'INTEGER' (INTEGER affinity)"));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("is compared with column 'position'"));
    }

    [Fact]
    public void HOLON211_an_expression_that_is_always_TEXT_read_into_a_long()
    {
        var diagnostics = Diagnostics("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT upper(content) AS value FROM blocks")] public partial List<long> Upper();
                [Query("SELECT upper(content) AS value FROM blocks")] public partial List<string> UpperText();
                [Query("SELECT length(content) FROM blocks")] public partial List<long> Lengths();
                [Query("SELECT CASE WHEN position > 0 THEN 'a' ELSE 1 END FROM blocks")] public partial List<long> Mixed();
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON211", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'App.Store.Upper': column 'value' is an expression whose value is always TEXT", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'long'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HOLON212_text_stored_decimal_DateTimeOffset_and_Guid_compared_ordered_or_aggregated()
    {
        var diagnostics = Diagnostics("""
            public sealed record Price(long Id, decimal Price);
            public sealed record Stamped(long Id, DateTimeOffset Stamp);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, price FROM prices WHERE price > 10")] public partial List<Price> Expensive();
                [Query("SELECT id, price FROM prices ORDER BY price")] public partial List<Price> Cheapest();
                [Query("SELECT id, stamp FROM prices WHERE stamp < @before")] public partial List<Stamped> Before(DateTimeOffset before);
                [Query("SELECT max(price) FROM prices WHERE ref = @ref")] public partial decimal? Highest(Guid @ref);
                [Query("SELECT id, price FROM prices WHERE price = @price")] public partial List<Price> Exact(decimal price);
                [Query("SELECT id, price FROM prices WHERE ref = @ref")] public partial List<Price> ByRef(Guid @ref);
                [Query("SELECT id, price AS label FROM prices ORDER BY price")] public partial List<(long Id, string Label)> AsText();
            }
            """);
        var text = diagnostics.Where(d => d.Id == "HOLON212").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(text.Count == 4, string.Join("\n", diagnostics));
        Assert.Contains(text, m => m.StartsWith("'App.Store.Expensive': column 'price' holds decimal values stored as TEXT, and the statement compares it", StringComparison.Ordinal));
        Assert.Contains(text, m => m.StartsWith("'App.Store.Cheapest': column 'price' holds decimal values stored as TEXT, and the statement orders by it", StringComparison.Ordinal));
        Assert.Contains(text, m => m.StartsWith("'App.Store.Before': column 'stamp' holds System.DateTimeOffset values stored as TEXT, and the statement compares it", StringComparison.Ordinal));
        Assert.Contains(text, m => m.StartsWith("'App.Store.Highest': column 'price' holds decimal values stored as TEXT, and the statement aggregates it with max()", StringComparison.Ordinal));
        Assert.All(text, m => Assert.Contains("an ordered storage converter ([SqlConverter(typeof(DateTimeOffsetAsUtcTicks))], GuidAsBlob)", m));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void A_converted_value_is_verified_as_its_store_type()
    {
        // Stored as INTEGER ticks: comparing and ordering is right, so no HOLON212; a wrapper of a string written into
        // a STRICT INTEGER column is described by its store type, string (HOLON209), and read into a long member fine.
        var diagnostics = Diagnostics("""
            public readonly record struct CounterName(string Value);
            public readonly record struct Hits(string Value);
            public sealed record Stamped(long Id, [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset Stamp);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, stamp FROM prices WHERE stamp < @before ORDER BY stamp")]
                public partial List<Stamped> Before([SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset before);
                [Command("INSERT INTO counters (name, hits) VALUES (@name, @hits)")] public partial int Add(CounterName name, Hits hits);
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Id == "HOLON212");
        var d = Assert.Single(diagnostics, d => d.Id == "HOLON209");
        Assert.Equal("hits", Located(d));
        Assert.Contains("string", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
