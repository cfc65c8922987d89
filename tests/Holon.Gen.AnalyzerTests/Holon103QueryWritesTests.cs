using Holon.Gen.Analyzers;
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

    [Fact]
    public Task Pragmas_that_write_the_database_file_are_reported_with_their_name() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Query({|#0:"PRAGMA user_version = 5"|})]
            public partial void SetVersion();

            [Query({|#1:"pragma main.application_id(42)"|})]
            public partial void SetApplication();

            [Query({|#2:"PRAGMA incremental_vacuum"|})]
            public partial void Shrink();

            [Query({|#3:"PRAGMA journal_mode = DELETE"|})]
            public partial string Journal();

            [Query({|#4:"PRAGMA \"schema_version\" = 9"|})]
            public partial void Bump();

            [Query({|#5:"PRAGMA auto_vacuum = INCREMENTAL"|})]
            public partial void AutoVacuum();
        }
        """,
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Query", "SetVersion", "PRAGMA user_version")
            .WithMessage("[Query] method 'SetVersion' runs 'PRAGMA user_version', which writes; [Query] methods run on read-only reader connections, which reject it"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Query", "SetApplication", "PRAGMA application_id"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(2).WithArguments("Query", "Shrink", "PRAGMA incremental_vacuum"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(3).WithArguments("Query", "Journal", "PRAGMA journal_mode"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(4).WithArguments("Query", "Bump", "PRAGMA schema_version"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(5).WithArguments("Query", "AutoVacuum", "PRAGMA auto_vacuum"));

    [Fact]
    public Task Reading_pragmas_and_connection_settings_are_not_writes() => SqlVerifier.VerifyAsync("""
        using System.Collections.Generic;
        using Holon.Data;

        partial class Store
        {
            [Query("PRAGMA main.user_version")]
            public partial long Version();

            [Query("PRAGMA table_info(blocks)")]
            public partial List<string> Columns();

            [Query("PRAGMA quick_check(1)")]
            public partial string Check();

            [Query("PRAGMA cache_size = -2000")]
            public partial void Cache();

            [Query("PRAGMA foreign_keys = ON")]
            public partial void Keys();

            [Watch("PRAGMA data_version")]
            public partial IAsyncEnumerable<long> DataVersion();

            // a [Command] may write: no HOLON103, and a writing pragma is not a read for HOLON104
            [Command("PRAGMA user_version = 5")]
            public partial void SetVersion();
        }
        """);

    /// <summary>
    /// The analyzer's list checked against SQLite itself: every PRAGMA it calls a write fails on a pool reader,
    /// and every form it lets through runs there.
    /// </summary>
    [Fact]
    public async Task The_pragma_rule_matches_what_a_pool_reader_rejects()
    {
        var folder = Directory.CreateTempSubdirectory("holon-pragma-");
        try
        {
            await using var pool = new Holon.Data.SqlitePool("Data Source=" + Path.Combine(folder.FullName, "p.db"));
            var ct = TestContext.Current.CancellationToken;
            using (var writer = pool.RentWriter(ct))
            {
                // a journal mode change needs the file to itself: keep a second connection open, as a busy pool does
                writer.ExecuteScript("PRAGMA auto_vacuum = FULL; VACUUM; CREATE TABLE blocks (id TEXT PRIMARY KEY);");
            }

            using var other = pool.RentReader(ct);
            using var reader = pool.RentReader(ct);
            string[] writes = ["PRAGMA user_version = 5", "PRAGMA main.application_id(42)", "PRAGMA schema_version = 9",
                "PRAGMA auto_vacuum = INCREMENTAL", "PRAGMA incremental_vacuum", "PRAGMA journal_mode = DELETE"];
            string[] others = ["PRAGMA user_version", "PRAGMA table_info(blocks)", "PRAGMA quick_check(1)",
                "PRAGMA cache_size = -2000", "PRAGMA foreign_keys = ON", "PRAGMA data_version", "PRAGMA optimize"];
            _ = other.Scalar<long>("SELECT count(*) FROM blocks");
            foreach (var sql in writes)
            {
                Assert.Equal(SqlEffect.Writes, SqlFacts.Of(sql).Effect);
                var error = Assert.ThrowsAny<Exception>(() => { using var s = reader.Statement(sql, ct); while (s.Step()) { } });
                Assert.Matches("readonly database|database is locked", error.Message);
            }

            foreach (var sql in others)
            {
                Assert.NotEqual(SqlEffect.Writes, SqlFacts.Of(sql).Effect);
                using var s = reader.Statement(sql, ct);
                while (s.Step()) { }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
