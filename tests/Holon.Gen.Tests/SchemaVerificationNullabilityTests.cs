using Microsoft.CodeAnalysis;
using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>
/// HOLON203 at build time for the cases that used to reach a non-nullable member unreported, and the RIGHT JOIN
/// preserved side that used to be reported. The full verdict table runs through SqlitePool.Verify (Holon.Data.Tests,
/// NullabilityVerdictTests), which shares the checker.
/// </summary>
public sealed class SchemaVerificationNullabilityTests
{
    private static readonly AdditionalText[] WithView = MigrationFiles(("0001_create.sql", Create), ("0002_tags.sql", AddTags),
        ("0003_view.sql", "CREATE VIEW tagged AS SELECT b.id, t.tag FROM blocks b LEFT JOIN tags t ON t.block_id = b.id;"));

    [Fact]
    public void HOLON203_for_every_expression_that_can_be_NULL()
    {
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT tag FROM tagged")] public partial List<string> ViewLeftJoin();
                [Query("SELECT max(position) FROM blocks")] public partial long MaxOverNoRows();
                [Query("SELECT (SELECT content FROM blocks WHERE id = 'x')")] public partial string ScalarSubquery();
                [Query("SELECT CASE WHEN position > 1 THEN 'a' END FROM blocks")] public partial List<string> CaseWithoutElse();
                [Query("SELECT nullif(content, 'x') FROM blocks")] public partial List<string> NullIf();
                [Query("SELECT json_extract(content, '$.a') FROM blocks")] public partial List<string> JsonExtract();
                [Query("SELECT t.tag FROM blocks b LEFT JOIN tags t ON t.block_id = b.id")] public partial List<string> LeftJoinWithoutKey();
            }
            """, WithView);
        Assert.Equal(["CaseWithoutElse", "JsonExtract", "LeftJoinWithoutKey", "MaxOverNoRows", "NullIf", "ScalarSubquery", "ViewLeftJoin"],
            diagnostics.Where(d => d.Id == "HOLON203").Select(d => Method(d.GetMessage())).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal("HOLON203", d.Id));
    }

    [Fact]
    public void No_HOLON203_for_the_preserved_side_of_a_RIGHT_JOIN_or_values_proven_not_NULL()
    {
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT b.content FROM tags t RIGHT JOIN blocks b ON t.block_id = b.id")] public partial List<string> Preserved();
                [Query("SELECT count(*) FROM blocks")] public partial long Count();
                [Query("SELECT total(position) FROM blocks")] public partial double Total();
                [Query("SELECT coalesce(parent_id, 'root') FROM blocks")] public partial List<string> Coalesced();
                [Query("SELECT position + 1 FROM blocks")] public partial List<long> Arithmetic();
                [Query("SELECT id FROM tagged")] public partial List<string> ViewPreserved();
            }
            """, WithView);
        Assert.Empty(diagnostics);
    }

    /// <summary>The method in a HOLON203 message ("'App.Store.Name': …").</summary>
    private static string Method(string message) => message.Substring(1, message.IndexOf('\'', 1) - 1).Split('.')[^1];
}
