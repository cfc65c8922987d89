using Microsoft.CodeAnalysis;
using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>
/// Steering verification: functions the application registers ([assembly: SqlFunction]), the per-statement opt-out
/// (Verify = false) and the project switch (HolonVerifySql=false).
/// </summary>
public sealed class SchemaVerificationSteeringTests
{
    private const string Regexp = """
        public sealed partial class Store(SqlitePool pool)
        {
            [Query([|"SELECT id, content FROM blocks WHERE content REGEXP @pattern"|])]
            public partial List<Block> Matching(string pattern);
        }
        """;

    [Fact]
    public void An_undeclared_function_is_HOLON200_no_such_function()
    {
        var (diagnostics, span) = Run(Regexp);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON200", d.Id);
        Assert.Contains("no such function: REGEXP", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(span, d.Location.SourceSpan);
    }

    [Fact]
    public void A_declared_function_verifies_and_a_typo_beside_it_is_still_reported()
    {
        var (clean, _) = Run("[assembly: SqlFunction(\"regexp\", 2)]\n" + Regexp);
        Assert.Empty(clean);

        var (typo, _) = Run("[assembly: SqlFunction(\"regexp\", 2)]\n" + Regexp.Replace("content REGEXP", "contnt REGEXP", StringComparison.Ordinal));
        Assert.Contains("no such column: contnt", Assert.Single(typo).GetMessage());
    }

    [Fact]
    public void The_argument_count_is_part_of_the_declaration()
    {
        var (diagnostics, _) = Run("""
            [assembly: SqlFunction("slug", 1)]
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT slug(content) FROM blocks")] public partial List<string?> One();
                [Query("SELECT slug(content, '-') FROM blocks")] public partial List<string?> Two();
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON200", d.Id);
        Assert.Contains("wrong number of arguments to function slug()", d.GetMessage());
    }

    [Fact]
    public void A_migration_may_use_a_declared_deterministic_function_in_an_index_but_not_a_nondeterministic_one()
    {
        string Body(bool deterministic) => $$"""
            [assembly: SqlFunction("slug", 1, Deterministic = {{(deterministic ? "true" : "false")}})]
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE slug(content) = @slug")] public partial List<Block> BySlug(string slug);
            }
            """;
        var texts = MigrationFiles(("0001_create.sql", Create), ("0002_slug.sql", "CREATE INDEX blocks_by_slug ON blocks (slug(content));"));

        Assert.Empty(Run(Body(deterministic: true), texts).Diagnostics);
        var d = Assert.Single(Run(Body(deterministic: false), texts).Diagnostics);
        Assert.Equal("HOLON205", d.Id);
        Assert.Contains("non-deterministic functions prohibited in index expressions", d.GetMessage());
    }

    [Theory]
    [InlineData("\"\", 1", "the name is empty")]
    [InlineData("\"regexp\", 200", "the argument count must be 0 to 127")]
    [InlineData("\"my fn\", 1", "not an SQL identifier")]
    public void HOLON208_a_declaration_SQLite_cannot_take(string arguments, string reason)
    {
        var (diagnostics, span) = Run($"[assembly: [|SqlFunction({arguments})|]]\n" + """
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks")] public partial List<Block> All();
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON208", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(span, d.Location.SourceSpan);
        Assert.Contains(reason, d.GetMessage());
        Assert.EndsWith("HOLON208.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Verify_false_skips_one_statement_only()
    {
        var (diagnostics, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, content FROM blocks WHERE content MATCH_EXT @q", Verify = false)]
                public partial List<Block> Search(string q);
                [Command("DELETE FROM tags WHERE tag = ext_norm(@tag)", Verify = false)]
                public partial int Untag(string tag);
                [Watch("SELECT id, content FROM blocks WHERE ext_visible(id)", Verify = false)]
                public partial IAsyncEnumerable<List<Block>> Visible(CancellationToken ct = default);
                [Query([|"SELECT id, titel FROM blocks"|])]
                public partial List<Block> Checked();
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON200", d.Id);
        Assert.Contains("Store.Checked", d.GetMessage());
    }

    [Fact]
    public void HolonVerifySql_false_turns_verification_off_for_the_project()
    {
        const string Broken = """
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, titel FROM blocks")]
                public partial List<Block> All();
            }
            """;
        Assert.Equal("HOLON200", Assert.Single(Run(Broken, properties: new() { ["HolonVerifySql"] = "true" }).Diagnostics).Id);
        Assert.Empty(Run(Broken, properties: new() { ["HolonVerifySql"] = "false" }).Diagnostics);
        Assert.Empty(Run(Broken, properties: new() { ["HolonVerifySql"] = "False" }).Diagnostics);

        // Nothing else either: no HOLON205 for a failing migration, no HOLON206 for a missing schema.
        var failing = MigrationFiles(("0001_create.sql", Create), ("0002_broken.sql", "CREATE TABLE oops (;"));
        Assert.Equal("HOLON205", Assert.Single(Run(Broken, failing).Diagnostics).Id);
        Assert.Empty(Run(Broken, failing, properties: new() { ["HolonVerifySql"] = "false" }).Diagnostics);
        Assert.Equal("HOLON206", Assert.Single(Run(Broken, []).Diagnostics).Id);
        Assert.Empty(Run(Broken, [], properties: new() { ["HolonVerifySql"] = "false" }).Diagnostics);
    }

    [Fact]
    public void The_package_props_expose_HolonVerifySql_to_the_compiler_defaulting_to_true()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Holon.Data", "build", "Holon.Data.props"));
        Assert.Contains(props.Descendants("CompilerVisibleProperty"), e => (string?)e.Attribute("Include") == "HolonVerifySql");
        var property = Assert.Single(props.Descendants("HolonVerifySql"));
        Assert.Equal("true", property.Value);
        Assert.Equal("'$(HolonVerifySql)' == ''", (string?)property.Attribute("Condition"));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Holon.Gen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Holon.Gen.sln not found above " + AppContext.BaseDirectory);
    }
}
