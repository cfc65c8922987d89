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
                var sql = "SELECT 1 FROM " + table;
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
    public Task Query_with_a_mapper_is_checked() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            void M(ConnectionLease lease, string table)
            {
                var rows = lease.Query({|#0:"SELECT id FROM " + table|}, s => s.GetInt64(0));
                var ok = lease.Query("SELECT id FROM blocks WHERE parent_id = ?1", s => s.GetInt64(0), table);
            }
        }
        """,
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ConnectionLease.Query"));

    [Fact]
    public Task Command_text_of_any_ado_net_command_is_checked() => Verifier.VerifyAsync("""
        using System.Data;
        using System.Data.Common;
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class C
        {
            void M(ConnectionLease lease, string id, string table)
            {
                using var command = lease.Connection.CreateCommand();
                command.CommandText = {|#0:$"SELECT id FROM blocks WHERE id = '{id}'"|};
                command.CommandText = {|#1:"SELECT id FROM " + table|};
                DbCommand common = command;
                common.CommandText = {|#2:table|};
                IDbCommand contract = command;
                contract.CommandText = {|#3:"DELETE FROM " + table|};
                using var created = new SqliteCommand({|#4:"SELECT count(*) FROM " + table|}, lease.Connection);
                using var initialized = new SqliteCommand { CommandText = {|#5:id|} };

                // constant text, directly or through a local that only holds constants, is fine
                command.CommandText = "SELECT id FROM blocks WHERE id = $id";
                var sql = "SELECT count(*) FROM blocks";
                command.CommandText = sql;
                using var fixedText = new SqliteCommand("SELECT 1", lease.Connection);
                command.CommandText = null;
            }
        }
        """,
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqliteCommand.CommandText"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("SqliteCommand.CommandText"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("DbCommand.CommandText"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(3).WithArguments("IDbCommand.CommandText"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(4).WithArguments("SqliteCommand.CommandText"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(5).WithArguments("SqliteCommand.CommandText"));

    [Fact]
    public Task A_local_that_only_ever_holds_constant_text_is_not_reported() => Verifier.VerifyAsync("""
        using Holon.Data;

        class C
        {
            const string Table = "blocks";

            void M(ConnectionLease lease, bool descending, bool all)
            {
                var sql = "SELECT 1";
                lease.Scalar<long>(sql);

                string order = descending ? " DESC" : " ASC";
                var list = "SELECT id FROM blocks ORDER BY id" + order;
                lease.Query(list, s => s.GetString(0));

                string pick;
                if (all) { pick = "DELETE FROM blocks WHERE 1"; } else { pick = "DELETE FROM blocks WHERE id = ?1"; }
                lease.Execute(pick, "x");

                var grown = "SELECT id FROM blocks";
                grown += " WHERE parent_id IS NULL";
                var copy = grown;
                lease.Query(copy, s => s.GetString(0));

                var interpolated = $"SELECT count(*) FROM {Table}";
                lease.Scalar<long>(interpolated);
            }
        }
        """);

    [Fact]
    public Task A_local_that_may_hold_other_text_is_reported() => Verifier.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using Holon.Data;

        class C
        {
            static void Change(ref string text) => text += "";
            static bool TryGet(out string text) { text = Environment.GetEnvironmentVariable("SQL") ?? ""; return true; }

            void M(ConnectionLease lease, string id, List<string> scripts)
            {
                var reassigned = "SELECT 1";
                reassigned = "SELECT " + id;
                lease.Execute({|#0:reassigned|});

                var byRef = "SELECT 1";
                Change(ref byRef);
                lease.Execute({|#1:byRef|});

                var byOut = "SELECT 1";
                TryGet(out byOut);
                lease.Execute({|#2:byOut|});

                var inLambda = "SELECT 1";
                Action later = () => inLambda = id;
                lease.Execute({|#3:inLambda|});

                foreach (var script in scripts)
                {
                    lease.Execute({|#4:script|});
                }

                var aliased = "SELECT 1";
                ref var alias = ref aliased;
                alias = id;
                lease.Execute({|#5:aliased|});

                var deconstructed = "SELECT 1";
                (deconstructed, _) = (id, 1);
                lease.Execute({|#6:deconstructed|});

                var appended = "SELECT 1";
                appended += id;
                lease.Execute({|#7:appended|});

                var chained = reassigned;
                lease.Execute({|#8:chained|});
            }
        }
        """,
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(3).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(4).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(5).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(6).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(7).WithArguments("ConnectionLease.Execute"),
        new DiagnosticResult("HOLON101", DiagnosticSeverity.Warning).WithLocation(8).WithArguments("ConnectionLease.Execute"));

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
