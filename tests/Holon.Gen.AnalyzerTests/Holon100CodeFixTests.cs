using Holon.Gen.Analyzers;
using Holon.Gen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon100CodeFixTests
{
    [Fact]
    public Task Fix_all_rents_the_writer_for_every_block_in_one_pass() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store(SqlitePool pool)
        {
            public void Touch()
            {
                using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE t SET x = 1 WHERE id = 1";
                command.ExecuteNonQuery();
            }

            public object? Count()
            {
                using (var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|})
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM t";
                    return command.ExecuteScalar();
                }
            }
        }
        """, """
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store(SqlitePool pool)
        {
            public void Touch()
            {
                using var lease = pool.RentWriter();
                var connection = lease.Connection;
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE t SET x = 1 WHERE id = 1";
                command.ExecuteNonQuery();
            }

            public object? Count()
            {
                using (var lease = pool.RentWriter())
                {
                    var connection = lease.Connection;
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM t";
                    return command.ExecuteScalar();
                }
            }
        }
        """, test =>
        {
            // Fix all in document, project and solution, each in one iteration: what dotnet format analyzers runs.
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfFixAllInProjectIterations = 1;
        });

    [Fact]
    public Task A_connection_block_rents_from_the_pool_field() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store(SqlitePool pool)
        {
            const string ConnectionString = "Data Source=app.db";

            public void Touch()
            {
                using var connection = {|HOLON100:new SqliteConnection(ConnectionString)|};
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE t SET x = 1 WHERE id = 1";
                command.ExecuteNonQuery();
            }
        }
        """, """
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store(SqlitePool pool)
        {
            const string ConnectionString = "Data Source=app.db";

            public void Touch()
            {
                using var lease = pool.RentWriter();
                var connection = lease.Connection;
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE t SET x = 1 WHERE id = 1";
                command.ExecuteNonQuery();
            }
        }
        """, test => test.CodeActionVerifier = (action, verifier) =>
            // the connection string is dropped: the title must say whose database the code now uses
            verifier.Equal("Rent a writer lease from 'pool' (uses the pool's database)", action.Title));

    [Fact]
    public Task An_async_open_rents_asynchronously_with_the_same_token() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store
        {
            async Task<object?> Count(SqlitePool pool, CancellationToken ct)
            {
                await using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM t";
                return await command.ExecuteScalarAsync(ct);
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store
        {
            async Task<object?> Count(SqlitePool pool, CancellationToken ct)
            {
                await using var lease = await pool.RentWriterAsync(ct);
                var connection = lease.Connection;
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM t";
                return await command.ExecuteScalarAsync(ct);
            }
        }
        """);

    [Fact]
    public Task A_using_statement_block_rents_from_a_pool_parameter() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        static class Maintenance
        {
            public static void Vacuum(SqlitePool pool, string cs)
            {
                using (var connection = {|HOLON100:new SqliteConnection(cs)|})
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA optimize";
                    command.ExecuteNonQuery();
                }
            }
        }
        """, """
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        static class Maintenance
        {
            public static void Vacuum(SqlitePool pool, string cs)
            {
                using (var lease = pool.RentWriter())
                {
                    var connection = lease.Connection;
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA optimize";
                    command.ExecuteNonQuery();
                }
            }
        }
        """, test => test.CodeActionVerifier = (action, verifier) =>
            verifier.Equal("Rent a writer lease from 'pool' (uses the pool's database)", action.Title));

    [Fact]
    public Task The_second_fix_rents_a_reader() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store
        {
            SqlitePool Pool { get; } = new("Data Source=app.db");

            public object? Count()
            {
                using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM t";
                return command.ExecuteScalar();
            }
        }
        """, """
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store
        {
            SqlitePool Pool { get; } = new("Data Source=app.db");

            public object? Count()
            {
                using var lease = Pool.RentReader();
                var connection = lease.Connection;
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM t";
                return command.ExecuteScalar();
            }
        }
        """, test =>
        {
            test.CodeActionEquivalenceKey = "Holon.RentLease.Reader";
            test.CodeActionIndex = 1;
            test.CodeActionVerifier = (action, verifier) => verifier.Equal("Rent a reader lease from 'Pool' (uses the pool's database)", action.Title);
        });

    [Fact]
    public Task No_fix_without_a_pool_in_scope() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            public void Touch()
            {
                using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                connection.Open();
            }
        }
        """, """
        using Microsoft.Data.Sqlite;

        class Store
        {
            public void Touch()
            {
                using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                connection.Open();
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_block_closes_the_connection_itself() => CodeFixVerifier<DirectConnectionCreationAnalyzer, RentLeaseCodeFix>.VerifyAsync("""
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store(SqlitePool pool)
        {
            public void Touch()
            {
                using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                connection.Open();
                connection.Close();
            }
        }
        """, """
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Store(SqlitePool pool)
        {
            public void Touch()
            {
                using var connection = {|HOLON100:new SqliteConnection("Data Source=app.db")|};
                connection.Open();
                connection.Close();
            }
        }
        """);
}
