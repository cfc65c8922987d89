using static Holon.Gen.Tests.SchemaHarness;

namespace Holon.Gen.Tests;

/// <summary>The verifier describes a JSON column ([SqlJson]) as TEXT: it fits a TEXT column, and HOLON204 flags an INTEGER one.</summary>
public sealed class SchemaVerificationJsonTests
{
    private const string Json = """
        [System.Text.Json.Serialization.JsonSerializable(typeof(Doc))]
        public sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            public AppJson() : base(null) { }
            public static AppJson Default { get; } = new();
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public sealed record Doc(string Title, List<string> Tags);
        public sealed record Row(string Id, [SqlJson(typeof(AppJson))] Doc Content);

        public sealed partial class Store(SqlitePool pool)
        {
            [Query("SELECT id, COLUMN AS content FROM blocks")]
            public partial List<Row> All();
        }
        """;

    [Fact]
    public void A_JSON_member_over_a_TEXT_column_gets_no_HOLON204()
    {
        var (diagnostics, _) = Run(Json.Replace("COLUMN", "content"));
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("HOLON2", StringComparison.Ordinal) && d.Id != "HOLON206");
        Assert.DoesNotContain(diagnostics, d => d.Id == "HOLON206");  // it was verified, not skipped
    }

    [Fact]
    public void A_JSON_member_over_an_INTEGER_column_gets_HOLON204()
    {
        var (diagnostics, _) = Run(Json.Replace("COLUMN", "position"));
        var d = Assert.Single(diagnostics, d => d.Id == "HOLON204");
        Assert.Contains("'INTEGER'", d.GetMessage());
    }
}
