using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = Holon.Gen.AnalyzerTests.AnalyzerVerifier<Holon.Gen.Analyzers.LeaseDisposalAnalyzer>;

namespace Holon.Gen.AnalyzerTests;

/// <summary>HOLON102 across helper methods: a lease a helper returns belongs to its caller.</summary>
public sealed partial class Holon102LeaseNotDisposedTests
{
    [Fact]
    public Task A_lease_returned_by_a_helper_is_owned_by_the_caller() => Verifier.VerifyAsync("""
        using System;
        using System.Threading.Tasks;
        using Holon.Data;

        class C(SqlitePool pool)
        {
            ConnectionLease Keep() => pool.RentReader();

            async Task<ConnectionLease> KeepAsync()
            {
                var lease = await pool.RentWriterAsync();
                lease.Execute("PRAGMA foreign_keys = ON");
                return lease;
            }

            ValueTask<ConnectionLease> KeepFast() => pool.RentReaderAsync();

            ConnectionLease Choose(bool write) { return write ? pool.RentWriter() : pool.RentReader(); }

            async Task M(Func<ConnectionLease> factory)
            {
                var d = {|#0:Keep()|};
                _ = d.Connection;
                var e = {|#1:await KeepAsync()|};
                e.Execute("DELETE FROM t WHERE id = 1");
                var f = {|#2:await KeepFast().ConfigureAwait(false)|};
                _ = f.IsWriter;
                {|#3:Choose(true)|};
                var g = {|#4:factory()|};
                _ = g.IsWriter;
                var h = {|#5:Local()|};
                _ = h.Connection;

                using var fine = Keep();
                await using var alsoFine = await KeepAsync();

                ConnectionLease Local() => pool.RentWriter();
            }
        }
        """,
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("C.Keep")
            .WithMessage("The ConnectionLease from 'C.Keep' is not disposed on every path; declare it with 'using' or 'await using' so that it returns to the pool"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("C.KeepAsync"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("C.KeepFast"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(3).WithArguments("C.Choose"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(4).WithArguments("Func.Invoke"),
        new DiagnosticResult("HOLON102", DiagnosticSeverity.Warning).WithLocation(5).WithArguments("C.Local"));

    [Fact]
    public Task A_helper_that_returns_a_lease_it_received_or_holds_is_a_hand_over() => Verifier.VerifyAsync("""
        using Holon.Data;

        static class Leases
        {
            public static ConnectionLease Same(ConnectionLease lease) => lease;

            public static ConnectionLease Prepared(this ConnectionLease lease)
            {
                lease.Execute("PRAGMA foreign_keys = ON");
                return lease;
            }

            // returns a call's result, but is given a lease: the result may be that lease
            public static ConnectionLease Checked(ConnectionLease lease) => Same(lease);

            public static ConnectionLease Of(LeaseTransaction transaction) => Lookup(transaction);

            static ConnectionLease Lookup(LeaseTransaction transaction) => throw new System.NotSupportedException();
        }

        class UnitOfWork(ConnectionLease held)
        {
            ConnectionLease _lease = held;

            public ConnectionLease Current() => _lease;

            public ConnectionLease Held()
            {
                return held;
            }
        }

        class C
        {
            void M(SqlitePool pool, UnitOfWork unit)
            {
                using var lease = pool.RentWriter();
                var same = Leases.Same(lease);
                same.Execute("DELETE FROM t WHERE id = 1");
                var prepared = lease.Prepared();
                _ = prepared.IsWriter;
                var checkedLease = Leases.Checked(lease);
                _ = checkedLease.Connection;
                using var transaction = lease.BeginTransaction();
                var ofTransaction = Leases.Of(transaction);
                _ = ofTransaction.IsWriter;
                var current = unit.Current();
                _ = current.Connection;
                var held = unit.Held();
                _ = held.IsWriter;
            }
        }
        """);
}
