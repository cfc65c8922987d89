using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

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
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Query", "Delete", "DELETE"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Query", "Fix", "UPDATE"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(2).WithArguments("Query", "Insert", "INSERT"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(3).WithArguments("Query", "Create", "CREATE"));

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

    [Fact]
    public Task Writing_verbs_in_a_watch_are_reported_with_the_watch_in_the_message() => SqlVerifier.VerifyAsync("""
        using System.Collections.Generic;
        using Holon.Data;

        partial class Store
        {
            [Watch({|#0:"UPDATE blocks SET seen = 1 RETURNING id"|})]
            public partial IAsyncEnumerable<IReadOnlyList<string>> Seen();

            [WatchAttribute(sql: {|#1:"delete from blocks returning id"|})]
            public partial IAsyncEnumerable<string?> Purge();

            [Watch("SELECT count(*) FROM blocks WHERE content = 'DELETE'")]
            public partial IAsyncEnumerable<long> Count();
        }
        """,
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Watch", "Seen", "UPDATE")
            .WithMessage("[Watch] method 'Seen' runs 'UPDATE', which writes; [Watch] methods run on read-only reader connections, which reject it"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Watch", "Purge", "DELETE"));
}
