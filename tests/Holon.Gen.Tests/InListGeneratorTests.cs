using Microsoft.CodeAnalysis;
using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>
/// IN-lists: <c>IN @ids</c> rewritten once in the definition's SQL (SQLite: json_each over one JSON text; PostgreSQL:
/// = ANY / &lt;&gt; ALL over one array), verified as it will run, and the two errors HOLON048 and HOLON049.
/// </summary>
public sealed class InListGeneratorTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Npgsql;
        namespace App;

        public readonly record struct NoteId(string Value);
        public sealed record OwnerId(long Value);

        [SqlConverter(typeof(MoneyAsCents))]
        public readonly record struct Money(decimal Amount);

        public sealed class MoneyAsCents : ISqlConverter<Money, long>
        {
            public static long ToStore(Money value) => (long)(value.Amount * 100);
            public static Money FromStore(long value) => new(value / 100m);
        }

        """;

    private static void VerifyGenerated(string source, string test)
    {
        var run = GeneratorHarness.Generate(Header + source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var generated = GeneratorHarness.StoreSources(run.Result);
        Snapshot.Verify(test, generated.OrderBy(g => g.HintName, StringComparer.Ordinal).Select(g => (g.HintName, g.SourceText.ToString())));
    }

    [Fact]
    public void InLists_sqlite() => VerifyGenerated("""
        public sealed partial class Store(SqlitePool pool)
        {
            [Query("SELECT id FROM blocks WHERE id IN @ids")]
            public partial List<string> ByIds(string[] ids);

            [Query("SELECT count(*) FROM blocks WHERE position NOT IN @positions AND id = @id")]
            public partial long Count(string id, IReadOnlyList<long?> positions);

            [Command("DELETE FROM blocks WHERE created IN @days")]
            public partial int Delete(IEnumerable<DateTime> days);

            [Query("SELECT id FROM blocks WHERE id IN @ids")]
            public partial List<string> ByNoteIds(IReadOnlyList<NoteId> ids);

            [Query("SELECT id FROM blocks WHERE position IN @owners")]
            public partial List<string> ByOwners(OwnerId?[] owners);

            [Query("SELECT id FROM blocks WHERE position IN @prices")]
            public partial List<string> ByPrices(List<Money> prices);
        }
        """, "InLists_sqlite");

    [Fact]
    public void InLists_postgres() => VerifyGenerated("""
        public sealed partial class Store(NpgsqlDataSource db)
        {
            [Query("SELECT id FROM blocks WHERE id IN @ids")]
            public partial Task<List<long>> ByIdsAsync(long[] ids, CancellationToken ct = default);

            [Query("SELECT count(*) FROM blocks WHERE code NOT IN @codes")]
            public partial long Count(IReadOnlyList<string> codes);

            [Query("SELECT id FROM blocks WHERE id = ANY(@ids)")]
            public partial List<long> ByArray(List<long> ids);

            [Query("SELECT id FROM blocks WHERE id IN @ids")]
            public partial List<string> ByNoteIds(IReadOnlyList<NoteId> ids);

            [Query("SELECT id FROM blocks WHERE position IN @owners")]
            public partial List<string> ByOwners(OwnerId?[] owners);

            [Query("SELECT id FROM blocks WHERE position IN @prices")]
            public partial List<string> ByPrices(List<Money> prices);
        }
        """, "InLists_postgres");

    [Fact]
    public void HOLON048_a_list_compared_with_equals()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks WHERE id = @ids")]
                public partial List<string> ByIds(string[] ids);
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON048", d.Id);
        Assert.EndsWith("HOLON048.md", d.Descriptor.HelpLinkUri);
        Assert.Contains("'IN @ids'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(x => x.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void HOLON049_a_list_of_blobs()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks WHERE hash IN @hashes")]
                public partial List<string> ByHashes(List<byte[]> hashes);
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON049", d.Id);
        Assert.EndsWith("HOLON049.md", d.Descriptor.HelpLinkUri);
        Assert.Contains("'hashes'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(x => x.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void HOLON049_a_list_of_JSON_documents_names_the_model_type()
    {
        var run = GeneratorHarness.Generate(Header.Replace("using Holon.Data;", "using Holon.Data;\nusing System.Text.Json;\nusing System.Text.Json.Serialization;\nusing System.Text.Json.Serialization.Metadata;") + """
            [JsonSerializable(typeof(Tag))]
            public sealed partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                public static AppJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [SqlJson(typeof(AppJson))]
            public sealed record Tag(string Name, int Weight);

            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks WHERE tag IN @tags")]
                public partial List<string> ByTags(Tag[] tags);
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON049", d.Id);
        Assert.Contains("App.Tag", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Verification_prepares_the_rewritten_statement()
    {
        var (valid, _) = Run("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks WHERE id IN @ids")]
                public partial List<string> ByIds(string[] ids);
            }
            """);
        Assert.Empty(valid);
        var d = Single("""
            public sealed partial class Store(SqlitePool pool)
            {
                [Query([|"SELECT id FROM blocks WHERE idd IN @ids"|])]
                public partial List<string> ByIds(string[] ids);
            }
            """, "HOLON200", DiagnosticSeverity.Error);
        Assert.Contains("no such column: idd", d.GetMessage());
    }
}
