using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = Holon.Gen.AnalyzerTests.AnalyzerVerifier<Holon.Gen.Analyzers.LeaseDisposalAnalyzer>;

namespace Holon.Gen.AnalyzerTests;

public sealed partial class Holon102LeaseNotDisposedTests
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

    [Fact]
    public Task A_lease_captured_by_a_lambda_or_local_function_is_handed_over() => Verifier.VerifyAsync("""
        using System.Threading;
        using Holon.Data;

        class C
        {
            void Registered(SqlitePool pool, CancellationTokenSource cts)
            {
                var lease = pool.RentWriter();
                cts.Token.Register(() => lease.Dispose());
                lease.Execute("DELETE FROM t WHERE id = 1");
            }

            void LocalFunction(SqlitePool pool)
            {
                var lease = pool.RentWriter();
                try { lease.Execute("DELETE FROM t WHERE id = 1"); }
                finally { Release(); }

                void Release() => lease.Dispose();
            }

            void AnonymousMethod(SqlitePool pool)
            {
                var lease = pool.RentReader();
                System.Action later = delegate { _ = lease.Connection; lease.Dispose(); };
                later();
            }
        }
        """);

    [Fact]
    public Task A_lease_declared_inside_a_lambda_and_only_used_there_is_still_reported() => Verifier.VerifyAsync("""
        using System;
        using Holon.Data;

        class C
        {
            void M(SqlitePool pool)
            {
                Func<int> inLambda = () =>
                {
                    var lease = {|#0:pool.RentWriter()|};
                    return lease.Execute("DELETE FROM t WHERE id = 1");
                };

                int Local()
                {
                    var lease = {|#1:pool.RentReader()|};
                    return lease.IsWriter ? 1 : 0;
                }
            }
        }
        """,
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("SqlitePool.RentReader"));

    [Fact]
    public Task Dispose_in_a_rethrowing_catch_plus_dispose_after_the_try_is_not_reported() => Verifier.VerifyAsync("""
        using System;
        using System.Threading.Tasks;
        using Holon.Data;

        class C
        {
            int M(SqlitePool pool)
            {
                var lease = pool.RentWriter();
                int n;
                try
                {
                    n = lease.Execute("DELETE FROM t WHERE id = 1");
                }
                catch
                {
                    lease.Dispose();
                    throw;
                }
                lease.Dispose();
                return n;
            }

            async Task MAsync(SqlitePool pool)
            {
                var lease = await pool.RentWriterAsync();
                try
                {
                    for (var i = 0; i < 3; i++) { if (i == 1) { continue; } lease.Execute("DELETE FROM t WHERE id = 1"); }
                }
                catch (Exception)
                {
                    await lease.DisposeAsync();
                    throw;
                }
                await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Dispose_in_a_catch_that_misses_a_path_is_still_reported() => Verifier.VerifyAsync("""
        using System;
        using Holon.Data;

        class C
        {
            // the catch swallows: the dispose after the try runs, but that is not the shape the rule proves
            void Swallows(SqlitePool pool)
            {
                var lease = {|#0:pool.RentWriter()|};
                try { lease.Execute("DELETE FROM t WHERE id = 1"); }
                catch { lease.Dispose(); }
                lease.Dispose();
            }

            // only one exception type is caught: any other skips both disposes
            void Narrow(SqlitePool pool)
            {
                var lease = {|#1:pool.RentWriter()|};
                try { lease.Execute("DELETE FROM t WHERE id = 1"); }
                catch (InvalidOperationException) { lease.Dispose(); throw; }
                lease.Dispose();
            }

            // the return inside the try skips the dispose after it
            int ReturnsEarly(SqlitePool pool, bool skip)
            {
                var lease = {|#2:pool.RentWriter()|};
                var n = 0;
                try
                {
                    if (skip) { return 0; }
                    n = lease.Execute("DELETE FROM t WHERE id = 1");
                }
                catch { lease.Dispose(); throw; }
                lease.Dispose();
                return n;
            }

            // work between the try and the dispose can throw
            void WorkInBetween(SqlitePool pool)
            {
                var lease = {|#3:pool.RentWriter()|};
                try { lease.Execute("DELETE FROM t WHERE id = 1"); }
                catch { lease.Dispose(); throw; }
                lease.Execute("DELETE FROM t WHERE id = 2");
                lease.Dispose();
            }

            // a filter lets some exceptions pass by the catch
            void Filtered(SqlitePool pool, bool log)
            {
                var lease = {|#4:pool.RentWriter()|};
                try { lease.Execute("DELETE FROM t WHERE id = 1"); }
                catch when (log) { lease.Dispose(); throw; }
                lease.Dispose();
            }

            // the dispose in the catch is conditional
            void Conditional(SqlitePool pool, bool release)
            {
                var lease = {|#5:pool.RentWriter()|};
                try { lease.Execute("DELETE FROM t WHERE id = 1"); }
                catch { if (release) { lease.Dispose(); } throw; }
                lease.Dispose();
            }

            // a break out of the enclosing loop skips the dispose after the try
            void BreaksOut(SqlitePool pool)
            {
                while (true)
                {
                    var lease = {|#6:pool.RentWriter()|};
                    try { if (lease.Execute("DELETE FROM t WHERE id = 1") == 0) { break; } }
                    catch { lease.Dispose(); throw; }
                    lease.Dispose();
                }
            }

            // a goto out of the try skips the dispose after it
            void JumpsOut(SqlitePool pool)
            {
                var lease = {|#7:pool.RentWriter()|};
                try { if (lease.Execute("DELETE FROM t WHERE id = 1") == 0) { goto done; } }
                catch { lease.Dispose(); throw; }
                lease.Dispose();
                done:
                return;
            }
        }
        """,
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(3).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(4).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(5).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(6).WithArguments("SqlitePool.RentWriter"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(7).WithArguments("SqlitePool.RentWriter"));
}
