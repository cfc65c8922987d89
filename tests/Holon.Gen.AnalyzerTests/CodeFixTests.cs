using Holon.Gen.Analyzers;
using Holon.Gen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon102CodeFixTests
{
    [Fact]
    public Task Adds_using_and_drops_the_now_redundant_dispose() => CodeFixVerifier<LeaseDisposalAnalyzer, UseLeaseDisposalCodeFix>.VerifyAsync("""
        using Holon.Data;

        class C
        {
            int M(SqlitePool pool)
            {
                // rent the writer
                var lease = {|HOLON102:pool.RentWriter()|};
                var n = lease.Execute("DELETE FROM t WHERE id = 1");
                lease.Dispose();
                return n;
            }
        }
        """, """
        using Holon.Data;

        class C
        {
            int M(SqlitePool pool)
            {
                // rent the writer
                using var lease = pool.RentWriter();
                var n = lease.Execute("DELETE FROM t WHERE id = 1");
                return n;
            }
        }
        """);

    [Fact]
    public Task Adds_await_using_for_an_awaited_rent() => CodeFixVerifier<LeaseDisposalAnalyzer, UseLeaseDisposalCodeFix>.VerifyAsync("""
        using System.Threading.Tasks;
        using Holon.Data;

        class C
        {
            async Task<long?> M(SqlitePool pool)
            {
                var lease = {|HOLON102:await pool.RentReaderAsync()|};
                return lease.Scalar<long>("SELECT count(*) FROM t");
            }
        }
        """, """
        using System.Threading.Tasks;
        using Holon.Data;

        class C
        {
            async Task<long?> M(SqlitePool pool)
            {
                await using var lease = await pool.RentReaderAsync();
                return lease.Scalar<long>("SELECT count(*) FROM t");
            }
        }
        """);

    [Fact]
    public Task No_fix_for_a_dropped_rent() => CodeFixVerifier<LeaseDisposalAnalyzer, UseLeaseDisposalCodeFix>.VerifyAsync("""
        using Holon.Data;

        class C
        {
            void M(SqlitePool pool)
            {
                {|HOLON102:pool.RentWriter()|};
            }
        }
        """, """
        using Holon.Data;

        class C
        {
            void M(SqlitePool pool)
            {
                {|HOLON102:pool.RentWriter()|};
            }
        }
        """);
}

public sealed class Holon103And104CodeFixTests
{
    [Fact]
    public Task A_writing_query_becomes_a_command() => CodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Query({|HOLON103:"DELETE FROM blocks WHERE id = @id"|})]
            public partial int Delete(string id);

            [Holon.Data.QueryAttribute({|HOLON103:"UPDATE blocks SET content = '' WHERE id = @id"|})]
            public partial int Blank(string id);
        }
        """, """
        using Holon.Data;

        partial class Store
        {
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int Delete(string id);

            [Holon.Data.CommandAttribute("UPDATE blocks SET content = '' WHERE id = @id")]
            public partial int Blank(string id);
        }
        """, test =>
        {
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.NumberOfFixAllIterations = 1;
        });

    [Fact]
    public Task A_reading_command_becomes_a_query() => CodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command({|HOLON104:"SELECT count(*) FROM blocks"|})]
            public partial long Count();
        }
        """, """
        using Holon.Data;

        partial class Store
        {
            [Query("SELECT count(*) FROM blocks")]
            public partial long Count();
        }
        """, test => test.CompilerDiagnostics = CompilerDiagnostics.None);

    [Fact]
    public Task No_fix_for_a_writing_watch_since_a_watch_cannot_become_a_command() => CodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync("""
        using System.Collections.Generic;
        using Query = Holon.Data.WatchAttribute;

        partial class Store
        {
            [Holon.Data.Watch({|HOLON103:"DELETE FROM blocks RETURNING id"|})]
            public partial IAsyncEnumerable<string?> Purge();

            // an alias spelled like [Query] still names a watch
            [Query({|HOLON103:"UPDATE blocks SET seen = 1 RETURNING id"|})]
            public partial IAsyncEnumerable<string?> Seen();
        }
        """, """
        using System.Collections.Generic;
        using Query = Holon.Data.WatchAttribute;

        partial class Store
        {
            [Holon.Data.Watch({|HOLON103:"DELETE FROM blocks RETURNING id"|})]
            public partial IAsyncEnumerable<string?> Purge();

            // an alias spelled like [Query] still names a watch
            [Query({|HOLON103:"UPDATE blocks SET seen = 1 RETURNING id"|})]
            public partial IAsyncEnumerable<string?> Seen();
        }
        """, test => test.CompilerDiagnostics = CompilerDiagnostics.None);
}

/// <summary>The swap is offered only where its result compiles: each test compiles the fixed code with the generator.</summary>
public sealed class Holon103And104CodeFixCompileTests
{
    [Fact]
    public Task A_writing_query_becomes_a_command_when_its_return_type_suits_one() => CompilingCodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Holon.Data;

        partial class Store(SqlitePool pool)
        {
            [Query({|HOLON103:"DELETE FROM blocks WHERE id = @id"|})]
            public partial int Delete(string id);

            [Query({|HOLON103:"UPDATE blocks SET content = '' WHERE id = @id"|})]
            public partial Task<int> BlankAsync(string id);

            [Query({|HOLON103:"PRAGMA user_version = 5"|})]
            public partial {|HOLON007:void|} SetVersion();

            [Query({|HOLON103:"UPDATE blocks SET content = @content WHERE id = @id"|})]
            public partial {|HOLON007:ValueTask|} WriteAsync(string id, string content);

            [Query({|HOLON103:"DELETE FROM blocks WHERE parent_id = @parent RETURNING id"|})]
            public partial List<string> Purge(string parent);

            [Query({|HOLON103:"INSERT INTO blocks (id) VALUES (@id) RETURNING id"|})]
            public partial IAsyncEnumerable<string> InsertStream(string id);
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Holon.Data;

        partial class Store(SqlitePool pool)
        {
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int Delete(string id);

            [Command("UPDATE blocks SET content = '' WHERE id = @id")]
            public partial Task<int> BlankAsync(string id);

            [Command("PRAGMA user_version = 5")]
            public partial void SetVersion();

            [Command("UPDATE blocks SET content = @content WHERE id = @id")]
            public partial ValueTask WriteAsync(string id, string content);

            [Command("DELETE FROM blocks WHERE parent_id = @parent RETURNING id")]
            public partial List<string> Purge(string parent);

            [Command("INSERT INTO blocks (id) VALUES (@id) RETURNING id")]
            public partial IAsyncEnumerable<string> InsertStream(string id);
        }
        """);

    [Fact]
    public Task No_command_fix_for_a_query_returning_rows_without_returning() => CompilingCodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync(NoCommandFix, NoCommandFix);

    // [Command] without RETURNING returns nothing or an int: each of these would become HOLON007
    private const string NoCommandFix = """
        #nullable enable
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Holon.Data;

        partial class Store(SqlitePool pool)
        {
            [Query({|HOLON103:"DELETE FROM blocks WHERE id = @id"|})]
            public partial List<string> Delete(string id);

            [Query({|HOLON103:"UPDATE blocks SET content = '' WHERE id = @id"|})]
            public partial long Blank(string id);

            [Query({|HOLON103:"DELETE FROM blocks WHERE id = @id"|})]
            public partial Task<string?> DeleteAsync(string id);

            [Query({|HOLON103:"DELETE FROM blocks WHERE id = @id"|})]
            public partial IAsyncEnumerable<int> DeleteStream(string id);
        }
        """;

    [Fact]
    public Task A_reading_command_becomes_a_query_when_it_returns_a_value() => CompilingCodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Holon.Data;

        partial class Store(SqlitePool pool)
        {
            [Command({|HOLON104:"SELECT count(*) FROM blocks"|})]
            public partial int Count();

            [Command({|HOLON104:"SELECT count(*) FROM blocks"|})]
            public partial {|HOLON007:long|} CountLong();

            [Command({|HOLON104:"SELECT id FROM blocks"|})]
            public partial {|HOLON007:Task<List<string>>|} IdsAsync();
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Holon.Data;

        partial class Store(SqlitePool pool)
        {
            [Query("SELECT count(*) FROM blocks")]
            public partial int Count();

            [Query("SELECT count(*) FROM blocks")]
            public partial long CountLong();

            [Query("SELECT id FROM blocks")]
            public partial Task<List<string>> IdsAsync();
        }
        """);

    [Fact]
    public Task No_query_fix_for_a_command_returning_nothing() => CompilingCodeFixVerifier<SqlAttributeAnalyzer, SwapSqlAttributeCodeFix>.VerifyAsync(NoQueryFix, NoQueryFix);

    // a [Query] returns rows: void, Task and ValueTask would become HOLON007
    private const string NoQueryFix = """
        using System.Threading.Tasks;
        using Holon.Data;

        partial class Store(SqlitePool pool)
        {
            [Command({|HOLON104:"SELECT id FROM blocks"|})]
            public partial void Touch();

            [Command({|HOLON104:"SELECT id FROM blocks"|})]
            public partial Task TouchAsync();

            [Command({|HOLON104:"SELECT id FROM blocks"|})]
            public partial ValueTask TouchFast();
        }
        """;
}

public sealed class FixAllTests
{
    [Fact]
    public void Every_code_fix_can_fix_all_in_a_solution()
    {
        // dotnet format analyzers applies a fix only through its FixAllProvider, at solution scope; a fix without
        // one is offered in the IDE and skipped by format ("doesn't support Fix All in Solution").
        var fixes = typeof(RentLeaseCodeFix).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.Equal(3, fixes.Count);
        foreach (var type in fixes)
        {
            var fix = (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(type)!;
            var fixAll = fix.GetFixAllProvider();
            Assert.True(fixAll is not null, type.Name + " has no FixAllProvider");
            Assert.Contains(Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Solution, fixAll.GetSupportedFixAllScopes());
        }
    }
}
