using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = Holon.Gen.AnalyzerTests.AnalyzerVerifier<Holon.Gen.Analyzers.RuntimeSqlAnalyzer>;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon101SqlNotConstantTests
{
    [Fact]
    public Task Interpolated_concatenated_and_variable_sql_is_reported() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            void M(ConnectionLease lease, string id, string table)
            {
                lease.Execute({|#0:$"DELETE FROM blocks WHERE id = '{id}'"|});
                lease.Scalar<long>({|#1:"SELECT count(*) FROM " + table|});
                var sql = "SELECT 1";
                using var s = lease.Statement({|#2:sql|});
            }
        }
        """,
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("ConnectionLease.Scalar"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("ConnectionLease.Statement"));

    [Fact]
    public Task Constant_sql_including_const_concatenation_and_named_arguments_is_not_reported() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            const string Table = "blocks";
            const string Count = "SELECT count(*) FROM " + Table;

            void M(ConnectionLease lease, string id)
            {
                const string local = "DELETE FROM " + Table + " WHERE id = @id";
                lease.Execute(local, id);
                lease.Execute("UPDATE blocks SET content = ?1 WHERE id = ?2", "x", id);
                lease.Scalar<long>(Count);
                lease.Scalar<long>(sql: $"SELECT count(*) FROM {Table}");
                using var s = lease.Statement(@"SELECT id
                    FROM blocks");
            }
        }
        """);

    [Fact]
    public Task Values_passed_as_arguments_are_not_sql() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            void M(ConnectionLease lease, string id)
            {
                lease.Execute("DELETE FROM blocks WHERE id = @id", id + "-suffix");
            }
        }
        """);

    [Fact]
    public Task Query_with_a_mapper_is_checked_and_hand_written_ado_net_is_left_alone() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            void M(ConnectionLease lease, string table)
            {
                var rows = lease.Query({|#0:"SELECT id FROM " + table|}, s => s.GetInt64(0));
                var ok = lease.Query("SELECT id FROM blocks WHERE parent_id = ?1", s => s.GetInt64(0), table);

                // The ADO.NET escape hatch builds dynamic SQL on purpose (CA2100 covers it).
                using var command = lease.Connection.CreateCommand();
                command.CommandText = "SELECT id FROM " + table;
            }
        }
        """,
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ConnectionLease.Query"));

    [Fact]
    public Task A_static_readonly_field_is_reported_with_a_message_that_says_not_constant() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            static readonly string CountSql = "SELECT count(*) FROM blocks";

            long? M(ConnectionLease lease) => lease.Scalar<long>({|#0:CountSql|});
        }
        """,
        // nothing is built at run time here: the message must not claim it is, only that it is not a constant
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ConnectionLease.Scalar")
            .WithMessage("SQL passed to 'ConnectionLease.Scalar' is not a compile-time constant; use constant SQL text (a literal or a const string) and put values in parameters"));
}
