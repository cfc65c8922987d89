namespace Holon.Gen.AnalyzerTests;

/// <summary>
/// Source stand-ins for the Holon.Data surface the analyzers match by name, used until the runtime
/// assembly carries it.
/// </summary>
internal static class RuntimeStubs
{
    public const string Source = """
        namespace Holon.Data
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class SqlitePool : IDisposable
            {
                public SqlitePool(string connectionString) { }
                public ConnectionLease RentReader() => default;
                public ConnectionLease RentWriter() => default;
                public ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken = default) => default;
                public ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken = default) => default;
                public void Dispose() { }
            }

            public readonly struct ConnectionLease : IDisposable, IAsyncDisposable
            {
                public Microsoft.Data.Sqlite.SqliteConnection Connection => null!;
                public bool IsWriter => true;
                public PreparedStatement Statement(string sql, CancellationToken cancellationToken = default) => null!;
                public int Execute(string sql, params object?[] args) => 0;
                public T? Scalar<T>(string sql, params object?[] args) => default;
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }

            public sealed class PreparedStatement : IDisposable
            {
                public bool Step() => false;
                public void Dispose() { }
            }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class QueryAttribute(string sql) : Attribute { public string Sql { get; } = sql; }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class CommandAttribute(string sql) : Attribute { public string Sql { get; } = sql; }
        }
        """;
}
