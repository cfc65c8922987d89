using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>
/// The PostgreSQL backend: snapshots of the generated code (each also proves it compiles without warnings against
/// real Npgsql and Holon.Data.Npgsql metadata) and its diagnostics.
/// </summary>
public sealed class PostgresGeneratorTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Npgsql;

        """;

    private static void VerifyGenerated(string source, [CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Generate(Usings + source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var generated = GeneratorHarness.StoreSources(run.Result);
        Assert.NotEmpty(generated);
        Snapshot.Verify(test, generated.OrderBy(g => g.HintName, StringComparer.Ordinal).Select(g => (g.HintName, g.SourceText.ToString())));
    }

    [Fact]
    public void PostgresBulkCommands() => VerifyGenerated("""
        namespace App;

        public sealed record Order(long CustomerId, decimal Total, string? Note);

        public sealed partial class Bulk(NpgsqlDataSource db)
        {
            [Command("INSERT INTO orders (customer_id, total, note) VALUES (@CustomerId, @Total, @Note)")]
            public partial int InsertMany(IReadOnlyList<Order> orders);
            [Command("INSERT INTO orders (customer_id, total, note) VALUES (@CustomerId, @Total, @Note)")]
            public partial Task<int> InsertManyAsync(IEnumerable<Order> orders, CancellationToken ct);
            [Command("INSERT INTO orders (customer_id, total, note) VALUES (@CustomerId, @Total, @Note)")]
            public partial ValueTask InsertStream(NpgsqlConnection connection, IAsyncEnumerable<Order> orders, CancellationToken ct);
        }
        """);

    [Fact]
    public void PostgresOrderStore() => VerifyGenerated("""
        namespace App;

        public sealed record Order(long Id, long CustomerId, decimal Total, DateTime PlacedAt, string? Note);

        public sealed partial class OrderStore(NpgsqlDataSource db)
        {
            [Query("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = @id")]
            public partial Task<Order?> GetAsync(long id, CancellationToken ct = default);

            [Query("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = @id")]
            public partial Order? Get(long id);

            [Query("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = ANY(@ids) ORDER BY id")]
            public partial Task<List<Order>> GetManyAsync(long[] ids, CancellationToken ct = default);

            [Query("SELECT id FROM orders WHERE customer_id = @customerId ORDER BY id")]
            public partial IAsyncEnumerable<long> StreamIdsAsync(long customerId, [EnumeratorCancellation] CancellationToken ct = default);

            [Query("SELECT pg_is_in_recovery()", ReadFromPrimary = true)]
            public partial ValueTask<bool> OnPrimaryAsync(CancellationToken ct = default);

            [Command("INSERT INTO orders (customer_id, total, placed_at, note) VALUES (@customerId, @total, @placedAt, @note) RETURNING id")]
            public partial Task<long> AddAsync(long customerId, decimal total, DateTime placedAt, string? note, CancellationToken ct = default);

            [Command("UPDATE orders SET total = @total WHERE id = @id")]
            public partial Task<int> SetTotalAsync(NpgsqlConnection connection, long id, decimal total, CancellationToken ct = default);

            [Command("DELETE FROM orders WHERE id = @id")]
            public partial void Delete(long id);
        }
        """);

    [Fact]
    public void PostgresTypesTuplesAndSetters() => VerifyGenerated("""
        namespace App;

        public enum Status : byte { Open, Closed }

        public sealed class Row
        {
            public Guid Id { get; init; }
            public Status Status { get; init; }
            public ulong Big { get; set; }
            public uint? Medium { get; set; }
            public byte[]? Data { get; set; }
            public DateTimeOffset At { get; set; }
        }

        public sealed partial class Rows
        {
            private readonly NpgsqlMultiHostDataSource _source;
            public Rows(NpgsqlMultiHostDataSource source) => _source = source;

            [Query("SELECT id, status, big, medium, data, at FROM rows WHERE status = @status AND medium = @medium")]
            public partial Task<IReadOnlyList<Row>> ByStatusAsync(Status status, uint? medium, CancellationToken ct);

            [Query("SELECT id, status FROM rows WHERE id = ANY(@ids)")]
            public partial (Guid Id, Status? Status)[] Pairs(List<Guid> ids);

            [Query("SELECT count(*) FROM rows")]
            public partial long Count();

            [Command("INSERT INTO rows (id, status, big) VALUES (@id, @status, @big) RETURNING id")]
            public partial IAsyncEnumerable<Guid> InsertReturning(NpgsqlConnection connection, Row row, CancellationToken ct);
        }
        """);

    /// <summary>Declarations that are valid on both backends: only the connection source and connection types differ.</summary>
    private const string Twin = """
        namespace App;

        public enum Kind { Small, Large }

        public sealed record Item(long Id, string Name, Kind Kind, decimal? Price, string Note = "");

        public sealed partial class Items(SOURCE db)
        {
            [Query("SELECT id, name, kind, price FROM items WHERE id = @id")]
            public partial Task<Item?> GetAsync(long id, CancellationToken ct = default);

            [Query("SELECT id, name, kind, price FROM items WHERE id = @id")]
            public partial Item? Get(long id);

            [Query("SELECT id, name, kind, price FROM items WHERE kind = @kind ORDER BY id")]
            public partial ValueTask<IReadOnlyList<Item>> ByKindAsync(Kind kind, CancellationToken ct = default);

            [Query("SELECT id FROM items ORDER BY id")]
            public partial IAsyncEnumerable<long> IdsAsync(CancellationToken ct = default);

            [Command("UPDATE items SET name = @name WHERE id = @id RETURNING id")]
            public partial Task<long> RenameAsync(CONNECTION connection, long id, string name, CancellationToken ct = default);

            [Command("DELETE FROM items WHERE id = @id")]
            public partial Task<int> DeleteAsync(long id, CancellationToken ct = default);
        }
        """;

    /// <summary>
    /// The same declarations on both backends, snapshotted side by side: PostgreSQL's file has the same layout and
    /// is no longer than SQLite's (which also carries trace spans and the statements list for Verify).
    /// </summary>
    [Fact]
    [SnapshotNames("TwinOnSqlite", "TwinOnPostgres")]
    public void The_same_declarations_are_about_as_long_on_PostgreSQL_as_on_SQLite()
    {
        int Lines(string source, string test)
        {
            var run = GeneratorHarness.Generate(Usings + source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
            var store = GeneratorHarness.StoreSources(run.Result).Single(g => g.HintName.Contains("Items", StringComparison.Ordinal));
            string text = store.SourceText.ToString();
            Snapshot.Verify(test, [(store.HintName, text)]);
            Assert.Contains("[global::System.Diagnostics.DebuggerNonUserCode]", text);
            // Each PostgreSQL definition names its backend on one more line (SQLite's is the constructor's default).
            return text.Split('\n').Length - text.Split("StatementBackend.PostgreSql").Length + 1;
        }
        int sqlite = Lines(Twin.Replace("SOURCE", "SqlitePool").Replace("CONNECTION", "ConnectionLease"), "TwinOnSqlite");
        int postgres = Lines(Twin.Replace("SOURCE", "NpgsqlDataSource").Replace("CONNECTION", "NpgsqlConnection"), "TwinOnPostgres");
        // Both list the same statements and result shapes now; PostgreSQL's cores await each step where SQLite's
        // synchronous ones return at once, which costs it a couple of lines, never a second copy of anything.
        Assert.True(postgres <= sqlite + sqlite / 50, $"PostgreSQL: {postgres} lines, SQLite: {sqlite}");
    }

    [Fact]
    public void HolonCatalog_lists_PostgreSQL_stores_beside_SQLite_ones_and_each_definition_names_its_backend()
    {
        var run = GeneratorHarness.Generate(Usings + """
            namespace App;

            public sealed partial class PgStore(NpgsqlDataSource db)
            {
                [Query("SELECT id FROM items WHERE id = @id")]
                public partial Task<long?> FindAsync(long id, CancellationToken ct = default);
            }

            public sealed partial class LiteStore(SqlitePool pool)
            {
                [Query("SELECT 1")]
                public partial long One();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var sources = run.Result.Results.Single().GeneratedSources;
        string catalog = sources.Single(s => s.HintName == "HolonCatalog.g.cs").SourceText.ToString();
        Assert.Contains("global::App.PgStore.HolonStatements", catalog);
        Assert.Contains("global::App.LiteStore.HolonStatements", catalog);
        Assert.DoesNotContain("not listed", catalog);
        string pg = sources.Single(s => s.HintName.Contains("PgStore", StringComparison.Ordinal)).SourceText.ToString();
        string lite = sources.Single(s => s.HintName.Contains("LiteStore", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("global::Holon.Data.StatementBackend.PostgreSql);", pg);
        Assert.DoesNotContain("StatementBackend", lite);
    }

    private const string Header = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Npgsql;
        namespace App;

        """;

    private static (GeneratorHarness.Run Run, Diagnostic Diagnostic) Single(string body, string id)
    {
        var run = GeneratorHarness.Generate(Header + body);
        Assert.True(run.GeneratorDiagnostics.Length == 1, string.Join("\n", run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics())));
        var diagnostic = run.GeneratorDiagnostics[0];
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.EndsWith(id + ".md", diagnostic.Descriptor.HelpLinkUri);
        // The marked span is where the error points.
        Assert.Equal(run.ExpectedPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(run.ExpectedSpan, diagnostic.Location.SourceSpan);
        // A throwing stub is generated, so the HOLON error is the only one.
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
        return (run, diagnostic);
    }

    // HOLON030 is retired: a PostgreSQL [Watch] compiles with no diagnostics and calls the data source's NpgsqlWatcher.
    [Fact]
    public void PostgresWatch() => VerifyGenerated("""
        namespace App;

        public sealed record Order(long Id, long CustomerId, decimal Total, DateTime PlacedAt, string? Note);

        public sealed partial class OrderWatches(NpgsqlDataSource db)
        {
            [Watch("SELECT id, customer_id, total, placed_at, note FROM orders WHERE customer_id = @customerId ORDER BY id")]
            public partial IAsyncEnumerable<IReadOnlyList<Order>> WatchByCustomer(long customerId, CancellationToken ct = default);

            [Watch("SELECT id, customer_id, total, placed_at, note FROM orders WHERE id = @id")]
            public partial IAsyncEnumerable<Order?> WatchOne(long id, CancellationToken ct = default);

            [Watch("SELECT count(*) FROM orders")]
            public partial IAsyncEnumerable<long> WatchCount(CancellationToken ct = default);

            [Watch("SELECT max(total) FROM orders WHERE customer_id = @customerId AND note <> @except")]
            public partial IAsyncEnumerable<decimal?> WatchMax(long customerId, string except, CancellationToken ct = default);
        }
        """);

    [Fact]
    public void HOLON031_positional_and_named_parameters()
    {
        var (_, d) = Single("""
            public sealed partial class Store(NpgsqlDataSource db)
            {
                [Query([|"SELECT id FROM orders WHERE customer_id = $1 AND total > @minimum"|])]
                public partial Task<List<long>> FindAsync(long customerId, decimal minimum, CancellationToken ct = default);
            }
            """, "HOLON031");
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("$1", message);
        Assert.Contains("@minimum", message);
    }

    [Fact]
    public void Positional_parameters_alone_are_left_as_written()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(NpgsqlDataSource db)
            {
                [Query("SELECT 1 WHERE $1::int IS NULL OR true")]
                public partial int One();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("SELECT 1 WHERE $1::int IS NULL OR true", GeneratorHarness.StoreSources(run.Result).Single().SourceText.ToString());
    }

    [Fact]
    public void Named_parameters_are_rewritten_leaving_literals_comments_and_casts()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(NpgsqlDataSource db)
            {
                [Query("SELECT @a::text || '@b' /* @c */ || @a -- @d\n WHERE @b::int > 0")]
                public partial string Echo(string a, int b);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string generated = GeneratorHarness.StoreSources(run.Result).Single().SourceText.ToString();
        Assert.Contains("SELECT $1::text || '@b' /* @c */ || $1 -- @d\\n WHERE $2::int > 0", generated);
    }

    [Fact]
    public void A_SqlitePool_class_still_gets_the_sqlite_backend()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT count(*) FROM t")]
                public partial long Count();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        string generated = GeneratorHarness.StoreSources(run.Result).Single().SourceText.ToString();
        Assert.Contains("RentForRead", generated);
        Assert.DoesNotContain("Npgsql", generated);
    }

    /// <summary>A wrapper (typed id), a converter on a type, on a member and on parameters: converted, then bound or read.</summary>
    [Fact]
    public void PostgresTypedIds() => VerifyGenerated("""
        namespace App;

        public readonly record struct BlockId(string Value);
        public sealed record OwnerId(long Value);

        [SqlConverter(typeof(MoneyAsCents))]
        public readonly record struct Money(decimal Amount);

        public sealed class MoneyAsCents : ISqlConverter<Money, long>
        {
            public static long ToStore(Money value) => (long)(value.Amount * 100);
            public static Money FromStore(long value) => new(value / 100m);
        }

        public sealed record Block(BlockId Id, BlockId? ParentId, OwnerId? Owner, Money Price,
            [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset At);

        public sealed partial class TypedIdStore(NpgsqlDataSource db)
        {
            [Command("INSERT INTO blocks (id, parent_id, owner, price, at) VALUES (@Id, @ParentId, @Owner, @Price, @At)")]
            public partial int Insert(Block block);

            [Query("SELECT id, parent_id, owner, price, at FROM blocks WHERE id = @id")]
            public partial Task<Block?> GetAsync(BlockId id);

            [Query("SELECT parent_id FROM blocks WHERE id = @id")]
            public partial BlockId? ParentOf(BlockId id);

            [Query("SELECT id FROM blocks WHERE owner = @owner ORDER BY id")]
            public partial List<BlockId> IdsOf(OwnerId? owner);

            [Query("SELECT id, price FROM blocks WHERE key = @key AND at > @after")]
            public partial List<(BlockId Id, Money Price)> After([SqlConverter(typeof(GuidAsBlob))] Guid key,
                [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset after);
        }
        """);
}
