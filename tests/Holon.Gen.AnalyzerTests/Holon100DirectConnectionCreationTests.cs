using Holon.Gen.Analyzers;
using Microsoft.CodeAnalysis.Testing;
using Verifier = Holon.Gen.AnalyzerTests.AnalyzerVerifier<Holon.Gen.Analyzers.DirectConnectionCreationAnalyzer>;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon100DirectConnectionCreationTests
{
    [Fact]
    public Task New_SqliteConnection_is_reported_with_the_type_in_the_message() => Verifier.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        class C
        {
            void M(string cs)
            {
                using var c = {|#0:new SqliteConnection(cs)|};
                c.Open();
            }
        }
        """,
        new DiagnosticResult("HOLON100", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("new SqliteConnection"));

    [Fact]
    public Task New_NpgsqlConnection_is_reported_but_a_data_source_is_not() => Verifier.VerifyAsync("""
        using Npgsql;

        class C
        {
            async System.Threading.Tasks.Task M(string cs, NpgsqlDataSource source)
            {
                await using var c = {|#0:new NpgsqlConnection(cs)|};
                await using var pooled = await source.OpenConnectionAsync();
            }
        }
        """,
        test => test.TestState.AdditionalReferences.Add(typeof(Npgsql.NpgsqlConnection).Assembly.Location),
        new DiagnosticResult("HOLON100", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("new NpgsqlConnection"));

    [Fact]
    public Task Target_typed_new_and_base_typed_variables_are_reported() => Verifier.VerifyAsync("""
        using System.Data.Common;
        using Microsoft.Data.Sqlite;

        class C
        {
            SqliteConnection field = {|HOLON100:new("Data Source=a.db")|};

            DbConnection Make() => {|HOLON100:new SqliteConnection()|};
        }
        """);

    [Fact]
    public Task Any_DbConnection_subtype_is_reported() => Verifier.VerifyAsync("""
        using System.Data;
        using System.Data.Common;

        sealed class MyConnection : DbConnection
        {
            public override string ConnectionString { get; set; } = "";
            public override string Database => "";
            public override string DataSource => "";
            public override string ServerVersion => "";
            public override ConnectionState State => ConnectionState.Closed;
            public override void ChangeDatabase(string databaseName) { }
            public override void Close() { }
            public override void Open() { }
            protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => null!;
            protected override DbCommand CreateDbCommand() => null!;
        }

        class C
        {
            object M() => {|HOLON100:new MyConnection()|};
        }
        """);

    [Fact]
    public Task Provider_factories_are_reported() => Verifier.VerifyAsync("""
        using System.Data.Common;
        using Microsoft.Data.Sqlite;

        class C
        {
            void M(DbProviderFactory factory)
            {
                using var a = {|#0:SqliteFactory.Instance.CreateConnection()|};
                using var b = {|#1:factory.CreateConnection()|};
            }
        }
        """,
        new DiagnosticResult("HOLON100", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("SqliteFactory.CreateConnection()"),
        new DiagnosticResult("HOLON100", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments("DbProviderFactory.CreateConnection()"));

    [Fact]
    public Task Other_objects_and_connection_use_are_not_reported() => Verifier.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        class C
        {
            void M(SqliteConnection existing)
            {
                var builder = new SqliteConnectionStringBuilder { DataSource = "a.db" };
                using var command = new SqliteCommand("SELECT 1", existing);
                existing.Open();
            }
        }
        """);

    [Fact]
    public Task A_method_or_type_marked_ConnectionFactory_is_not_reported() => Verifier.VerifyAsync("""
        using System;
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        class Factories
        {
            [ConnectionFactory]
            public static SqliteConnection Open(string cs)
            {
                Func<SqliteConnection> later = () => new SqliteConnection(cs);
                return new SqliteConnection(cs);
            }

            public SqliteConnection Unmarked() => {|HOLON100:new SqliteConnection()|};

            [ConnectionFactory]
            public SqliteConnection Property => new SqliteConnection();
        }

        [ConnectionFactory]
        class MigrationRunner
        {
            object Open() => SqliteFactory.Instance.CreateConnection();
            class Nested { object Open() => new SqliteConnection(); }
        }
        """);

    [Fact]
    public Task The_runtime_assemblys_own_connection_factory_is_not_reported()
    {
        // Compiled as the Holon.Data assembly itself: its pool is where physical connections are made.
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<DirectConnectionCreationAnalyzer, DefaultVerifier>
        {
            TestCode = """
                namespace Holon.Data
                {
                    using Microsoft.Data.Sqlite;

                    public sealed class SqlitePool
                    {
                        internal object CreateConnection(string cs) => new SqliteConnection(cs);
                    }

                    sealed class SomethingElse
                    {
                        object Open() => {|HOLON100:new SqliteConnection()|};
                    }
                }

                namespace Holon.Data.Internal
                {
                    using Microsoft.Data.Sqlite;

                    sealed class PhysicalConnection
                    {
                        readonly SqliteConnection connection;
                        public PhysicalConnection(string cs) => connection = new SqliteConnection(cs);
                    }
                }
                """,
            ReferenceAssemblies = TestSetup.ReferenceAssemblies,
            SolutionTransforms = { (solution, projectId) => solution.WithProjectAssemblyName(projectId, "Holon.Data") },
        };
        TestSetup.AddFramework(test.TestState);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}
