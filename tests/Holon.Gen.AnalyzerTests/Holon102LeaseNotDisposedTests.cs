using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = Holon.Gen.AnalyzerTests.AnalyzerVerifier<Holon.Gen.Analyzers.LeaseDisposalAnalyzer>;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon102LeaseNotDisposedTests
{
    [Fact]
    public Task A_lease_in_a_plain_local_is_reported_on_the_rent_call() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            int M(SqlitePool pool)
            {
                var lease = {|#0:pool.RentWriter()|};
                return lease.Execute("DELETE FROM t WHERE id = 1");
            }
        }
        """,
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqlitePool.RentWriter"));

    [Fact]
    public Task Awaited_rent_dropped_rents_and_member_access_on_the_rent_are_reported() => Verifier.VerifyAsync("""
        using System.Threading.Tasks;
        using Holon.Data;

        class C
        {
            async Task M(SqlitePool pool)
            {
                var lease = {|#0:await pool.RentReaderAsync()|};
                _ = lease.Connection;
                var configured = {|#4:await pool.RentWriterAsync().ConfigureAwait(false)|};
                _ = configured.IsWriter;
                await using var fine = await pool.RentWriterAsync().ConfigureAwait(false);
                {|#1:pool.RentReader()|};
                _ = {|#2:pool.RentWriter()|};
                var connection = {|#3:pool.RentWriter()|}.Connection;
            }
        }
        """,
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqlitePool.RentReaderAsync"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("SqlitePool.RentReader"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(3).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(4).WithArguments("SqlitePool.RentWriterAsync"));

    [Fact]
    public Task Both_arms_of_a_conditional_rent_are_followed_to_the_local() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            bool M(SqlitePool pool, bool write)
            {
                var lease = write ? {|#0:pool.RentWriter()|} : {|#1:pool.RentReader()|};
                using var fine = write ? pool.RentWriter() : pool.RentReader();
                return lease.IsWriter;
            }
        }
        """,
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("SqlitePool.RentReader"));

    [Fact]
    public Task Dispose_outside_finally_is_skipped_by_an_exception_and_is_reported() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            void M(SqlitePool pool)
            {
                var lease = {|HOLON102:pool.RentWriter()|};
                lease.Execute("DELETE FROM t WHERE id = 1");
                lease.Dispose();
            }
        }
        """);

    [Fact]
    public Task Using_await_using_and_try_finally_are_not_reported() => Verifier.VerifyAsync("""
        using System.Threading.Tasks;
        using Holon.Data;

        class C
        {
            async Task M(SqlitePool pool)
            {
                using var a = pool.RentReader();
                await using var b = await pool.RentWriterAsync();
                await using (var c = await pool.RentReaderAsync()) { }
                using (pool.RentReader()) { }

                var d = pool.RentReader();
                try { d.Execute("SELECT 1"); }
                finally { d.Dispose(); }

                var e = await pool.RentReaderAsync();
                try { }
                finally { await e.DisposeAsync(); }

                var f = pool.RentReader();
                using (f) { }
            }
        }
        """);

    [Fact]
    public Task A_lease_handed_over_is_not_reported() => Verifier.VerifyAsync("""
        using System;
        using System.Threading.Tasks;
        using Holon.Data;

        class Owner(ConnectionLease lease) : IDisposable
        {
            public void Dispose() => lease.Dispose();
        }

        class C
        {
            ConnectionLease held;

            // returned to the caller, who owns it
            ConnectionLease Rent(SqlitePool pool) => pool.RentWriter();

            async Task<ConnectionLease> RentAsync(SqlitePool pool)
            {
                var lease = await pool.RentReaderAsync();
                return lease;
            }

            // passed to a method that disposes it
            static void Consume(ConnectionLease lease)
            {
                using (lease) { lease.Execute("DELETE FROM t WHERE id = 1"); }
            }

            void M(SqlitePool pool)
            {
                var a = pool.RentWriter();
                Consume(a);
                Consume(pool.RentWriter());
                using var owner = new Owner(pool.RentWriter());
                held = pool.RentReader();
                var b = pool.RentReader();
                var copy = b;
                Func<int> later = () => { using (b) { return 1; } };
            }

            // the not-awaited ValueTask form (as generated code uses it) is not followed
            int Fast(SqlitePool pool)
            {
                var rent = pool.RentReaderAsync();
                if (rent.IsCompletedSuccessfully) { using var lease = rent.Result; return 1; }
                return 0;
            }
        }
        """);
}
