using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon106SelectStarTests
{
    [Fact]
    public Task Star_and_table_star_in_the_result_columns_are_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Query({|#0:"SELECT * FROM blocks"|})]
            public partial Block[] All();

            [Query({|#1:"SELECT b.* FROM blocks b JOIN tags t ON t.block_id = b.id"|})]
            public partial Block[] Tagged();

            [Query({|#2:"SELECT id FROM blocks UNION SELECT DISTINCT * FROM archive"|})]
            public partial string[] Ids();
        }

        record Block(string Id);
        """,
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Query", "All"),
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Query", "Tagged"),
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(2).WithArguments("Query", "Ids"));

    [Fact]
    public Task Count_star_multiplication_and_exists_subqueries_are_not_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Query("SELECT count(*) FROM blocks")]
            public partial long Count();

            [Query("SELECT sort_key * 2 AS doubled FROM blocks WHERE EXISTS (SELECT * FROM tags WHERE tags.block_id = blocks.id)")]
            public partial long[] Doubled();

            [Query("SELECT id FROM (SELECT * FROM blocks) WHERE id = '*'")]
            public partial string[] Ids();
        }
        """);

    [Fact]
    public Task Star_in_a_watch_is_reported_too() => SqlVerifier.VerifyAsync("""
        using System.Collections.Generic;
        using Holon.Data;

        partial class Store
        {
            [Watch({|#0:"SELECT * FROM blocks WHERE parent_id = @parentId"|})]
            public partial IAsyncEnumerable<IReadOnlyList<Block>> Children(string parentId);

            [Watch("SELECT count(*) FROM blocks")]
            public partial IAsyncEnumerable<long> Count();
        }

        record Block(string Id);
        """,
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Watch", "Children")
            .WithMessage("[Watch] method 'Children' uses 'SELECT *'; list the columns so that the result does not change silently with the schema"));
}
