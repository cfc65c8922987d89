using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

public sealed class Holon104CommandOnlyReadsTests
{
    [Fact]
    public Task A_select_in_a_command_is_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command({|#0:"SELECT count(*) FROM blocks"|})]
            public partial long Count();

            [Command({|#1:"WITH x AS (SELECT 1) SELECT * FROM x"|})]
            public partial long One();
        }
        """,
        new DiagnosticResult("HOLON104", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Count"),
        new DiagnosticResult("HOLON104", DiagnosticSeverity.Info).WithLocation(1).WithArguments("One"));

    [Fact]
    public Task Writes_in_a_command_are_not_reported() => SqlVerifier.VerifyAsync("""
        using Holon.Data;

        partial class Store
        {
            [Command("INSERT INTO blocks (id) SELECT id FROM staging")]
            public partial int Copy();

            [Command("WITH s AS (SELECT id FROM staging) DELETE FROM blocks WHERE id IN (SELECT id FROM s)")]
            public partial int Prune();

            [Command("PRAGMA user_version = 3")]
            public partial void Stamp();
        }
        """);
}
