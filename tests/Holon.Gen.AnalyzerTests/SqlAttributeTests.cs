using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

/// <summary>The generator is not part of these tests, so the partial methods stay without implementation (CS8795).</summary>
internal static class SqlVerifier
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<Holon.Gen.Analyzers.SqlAttributeAnalyzer>.VerifyAsync(source, test => test.CompilerDiagnostics = CompilerDiagnostics.None, expected);
}

public sealed class Holon103QueryWritesTests
{
    [Fact]
    public Task Writing_verbs_in_a_query_are_reported_on_the_sql_literal() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Query({|#0:"DELETE FROM blocks WHERE id = @id"|})]
            public partial int Delete(string id);

            [Query({|#1:@"
                WITH old AS (SELECT id FROM blocks WHERE sort_key < 0)
                UPDATE blocks SET sort_key = 0 WHERE id IN (SELECT id FROM old)"|})]
            public partial int Fix();

            [Query({|#2:"insert into blocks (id) values (@id) returning id"|})]
            public partial string Insert(string id);

            [Query({|#3:"CREATE TABLE t (x)"|})]
            public partial void Create();
        }
        """,
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Delete", "DELETE"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Fix", "UPDATE"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(2).WithArguments("Insert", "INSERT"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(3).WithArguments("Create", "CREATE"));

    [Fact]
    public Task Reads_are_not_reported_even_with_write_words_in_strings_comments_or_ctes() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            const string Columns = "id, content";

            [Query("SELECT " + Columns + " FROM blocks WHERE content = 'DELETE FROM blocks'")]
            public partial string? Find();

            [Query("-- UPDATE first\nWITH RECURSIVE up(id) AS (SELECT @id UNION ALL SELECT parent_id FROM blocks JOIN up USING (id)) SELECT id FROM up")]
            public partial string[] Ancestors(string id);

            [Query("/* insert */ select count(*) from blocks")]
            public partial long Count();

            [Query("PRAGMA user_version")]
            public partial long Version();
        }
        """);
}

public sealed class Holon104CommandOnlyReadsTests
{
    [Fact]
    public Task A_select_in_a_command_is_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command({|#0:"SELECT count(*) FROM blocks"|})]
            public partial long Count();

            [Command({|#1:"WITH x AS (SELECT 1) SELECT * FROM x"|})]
            public partial long One();
        }
        """,
        new DiagnosticResult("HOLON104", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Count"),
        new DiagnosticResult("HOLON104", DiagnosticSeverity.Info).WithLocation(1).WithArguments("One"));

    [Fact]
    public Task Writes_in_a_command_are_not_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command("INSERT INTO blocks (id) SELECT id FROM staging")]
            public partial int Copy();

            [Command("WITH s AS (SELECT id FROM staging) DELETE FROM blocks WHERE id IN (SELECT id FROM s)")]
            public partial int Prune();

            [Command("PRAGMA user_version = 3")]
            public partial void Stamp();
        }
        """);
}

public sealed class Holon105UpdateOrDeleteWithoutWhereTests
{
    [Fact]
    public Task Update_and_delete_without_a_top_level_where_are_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command({|#0:"DELETE FROM blocks"|})]
            public partial int Clear();

            [Command({|#1:"UPDATE blocks SET sort_key = (SELECT max(sort_key) FROM blocks WHERE parent_id IS NULL)"|})]
            public partial int Flatten();

            [Command({|#2:"update blocks set content = '' -- WHERE id = @id"|})]
            public partial int Blank();
        }
        """,
        new DiagnosticResult("HOLON105", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Clear", "DELETE"),
        new DiagnosticResult("HOLON105", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Flatten", "UPDATE"),
        new DiagnosticResult("HOLON105", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("Blank", "UPDATE"));

    [Fact]
    public Task A_where_clause_or_an_insert_is_not_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int Delete(string id);

            [Command("UPDATE blocks SET sort_key = sort_key + 1 WHERE parent_id = @parentId RETURNING id")]
            public partial string[] Shift(string parentId);

            [Command("INSERT INTO blocks (id) VALUES (@id) ON CONFLICT (id) DO UPDATE SET content = ''")]
            public partial int Upsert(string id);
        }
        """);
}

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
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(0).WithArguments("All"),
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Tagged"),
        new DiagnosticResult("HOLON106", DiagnosticSeverity.Info).WithLocation(2).WithArguments("Ids"));

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
}
