using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>The generated HolonCatalog checked against real files: the test schema, and one that drifted.</summary>
public sealed class CatalogVerifyTests
{
    [Fact]
    public void The_catalog_lists_every_statement_of_every_store()
    {
        var expected = BlockStore.HolonStatements.Concat(AuditStore.HolonStatements).Concat(TypeStore.HolonStatements)
            .Concat(WatchStore.HolonStatements).Concat(LeaseTaskStore.HolonStatements).Concat(ReservedNameWatchStore.HolonStatements);

        Assert.Subset(HolonCatalog.All.ToHashSet(), expected.ToHashSet());
        // Private nested stores are listed too, through their outermost type.
        Assert.Contains(HolonCatalog.All, d => d.Origin.Contains("PrivateNestedStore", StringComparison.Ordinal));
    }

    private static readonly string[] Checked = ["BlockStore", "PrivateNestedStore"];

    private static IEnumerable<StatementDefinition> Stores() =>
        HolonCatalog.All.Where(d => Checked.Any(name => d.Origin.Contains(name, StringComparison.Ordinal)));

    [Fact]
    public void A_file_with_the_schema_the_stores_expect_verifies_clean()
    {
        using var file = new SchemaFile(
            "CREATE TABLE blocks (id TEXT PRIMARY KEY NOT NULL, parent_id TEXT, content TEXT NOT NULL, sort_key INTEGER NOT NULL)",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT)");

        file.Pool.Verify(Stores()).ThrowIfInvalid();
        Assert.True(file.Pool.Verify(Stores()).Statements > 5);
    }

    [Fact]
    public void A_drifted_file_fails_with_every_finding_named_by_its_method()
    {
        // Drift: 'content' lost NOT NULL, 'sort_key' became TEXT, and notes.title was renamed.
        using var file = new SchemaFile(
            "CREATE TABLE blocks (id TEXT PRIMARY KEY NOT NULL, parent_id TEXT, content TEXT, sort_key TEXT NOT NULL)",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, heading TEXT NOT NULL, body TEXT)");

        var result = file.Pool.Verify(Stores());

        Assert.Contains(result.Findings, f => f.Id == "HOLON200" && f.Origin.EndsWith("PrivateNestedStore.Title", StringComparison.Ordinal)
            && f.Message.Contains("no such column: title", StringComparison.Ordinal));
        // These two need the result shape the generator now passes (nullability and the member's type).
        Assert.Contains(result.Findings, f => f.Id == "HOLON203" && f.Origin.Contains("BlockStore.Get", StringComparison.Ordinal)
            && f.Message.Contains("'content'", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Id == "HOLON204" && f.Message.Contains("'sort_key'", StringComparison.Ordinal));
        var error = Assert.Throws<SchemaVerificationException>(result.ThrowIfInvalid);
        Assert.Equal(result.Findings.Count, error.Findings.Count);
    }

    /// <summary>A real SQLite file in a temp folder with the given tables.</summary>
    private sealed class SchemaFile : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "holon-e2e-catalog-" + Guid.NewGuid().ToString("N"));

        public SchemaFile(params string[] ddl)
        {
            Directory.CreateDirectory(_folder);
            Pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, "app.db") });
            using var lease = Pool.RentWriter();
            // Each test passes its own DDL; it is test setup, not application SQL.
#pragma warning disable HOLON101
            foreach (var statement in ddl) lease.Execute(statement);
#pragma warning restore HOLON101
        }

        public SqlitePool Pool { get; }

        public void Dispose()
        {
            Pool.Dispose();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>A store nested privately: HolonCatalog reaches it through a member its outermost type gets.</summary>
public static partial class CatalogHolder
{
    private sealed partial class PrivateNestedStore(SqlitePool pool)
    {
        [Query("SELECT title FROM notes WHERE id = @id")]
        public partial string? Title(long id);
    }
}
