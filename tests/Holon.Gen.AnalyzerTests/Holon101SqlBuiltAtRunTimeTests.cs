using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = Holon.Gen.AnalyzerTests.AnalyzerVerifier<Holon.Gen.Analyzers.RuntimeSqlAnalyzer>;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon101SqlBuiltAtRunTimeTests
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
    public Task SqliteCommand_text_built_at_run_time_is_reported() => Verifier.VerifyAsync("""
        using Microsoft.Data.Sqlite;
        using Holon.Data;

        class C
        {
            void M(ConnectionLease lease, string name)
            {
                using var command = lease.Connection.CreateCommand();
                command.CommandText = {|#0:"SELECT * FROM users WHERE name = '" + name + "'"|};
                command.CommandText = "SELECT id FROM users WHERE name = $name";
                using var other = new SqliteCommand({|#1:$"DELETE FROM {name}"|}, lease.Connection);
                using var fine = new SqliteCommand("SELECT 1", lease.Connection);
            }
        }
        """,
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqliteCommand.CommandText"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("new SqliteCommand"));
}
