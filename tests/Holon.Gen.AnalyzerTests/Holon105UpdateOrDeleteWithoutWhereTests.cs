using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon105UpdateOrDeleteWithoutWhereTests
{
    [Fact]
    public Task Update_and_delete_without_a_top_level_where_are_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command({|#0:"DELETE FROM blocks"|})]
            public partial int Clear();

            [Command({|#1:"UPDATE blocks SET sort_key = (SELECT max(sort_key) FROM blocks WHERE parent_id IS NULL)"|})]
            public partial int Flatten();

            [Command({|#2:"update blocks set content = '' -- WHERE id = @id"|})]
            public partial int Blank();
        }
        """,
        new DiagnosticResult("HOLON105", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Clear", "DELETE"),
        new DiagnosticResult("HOLON105", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Flatten", "UPDATE"),
        new DiagnosticResult("HOLON105", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("Blank", "UPDATE"));

    [Fact]
    public Task A_where_clause_or_an_insert_is_not_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int Delete(string id);

            [Command("UPDATE blocks SET sort_key = sort_key + 1 WHERE parent_id = @parentId RETURNING id")]
            public partial string[] Shift(string parentId);

            [Command("INSERT INTO blocks (id) VALUES (@id) ON CONFLICT (id) DO UPDATE SET content = ''")]
            public partial int Upsert(string id);
        }
        """);
}
