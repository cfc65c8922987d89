using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

/// <summary>
/// HOLON103/HOLON104 with migrations and the native SQLite: <c>sqlite3_stmt_readonly</c> decides, not the text. Each
/// case here is one the text heuristics get wrong (a CTE named like a write verb) and is also run without the schema,
/// to show the heuristic answer that SQLite replaces.
/// </summary>
public sealed class SqliteDecidesReadWriteTests
{
    private const string Source = """
        using Holon.Data;

        partial class Store
        {
            [Query({|#0:"WITH replace AS (SELECT id FROM blocks) SELECT id FROM replace"|})]
            public partial string[] Ids();

            [Command({|#1:"WITH analyze AS (SELECT id FROM blocks) SELECT count(*) FROM analyze"|})]
            public partial long Count();

            [Command({|#2:"WITH old AS (SELECT id FROM blocks WHERE content = '') DELETE FROM blocks WHERE id IN (SELECT id FROM old)"|})]
            public partial int Prune();

            [Query({|#3:"PRAGMA user_version = 3"|})]
            public partial void Stamp();
        }
        """;

    private static Task Run(bool schema, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<Holon.Gen.Analyzers.SqlAttributeAnalyzer>.VerifyAsync(Source, test =>
        {
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            if (!schema) return;
            test.TestState.AdditionalFiles.Add(("/project/Migrations/0001_create.sql",
                "CREATE TABLE blocks (id TEXT PRIMARY KEY NOT NULL, content TEXT NOT NULL);\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig",
                "is_global = true\nbuild_property.HolonSqliteNativeDirectory = " + AppContext.BaseDirectory + "\n"));
        }, expected);

    [Fact]
    public Task Without_a_schema_the_text_heuristics_decide() => Run(schema: false,
        // The heuristic takes the CTE names for the statements' verbs: a write in the [Query], no read in the [Command].
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Query", "Ids", "REPLACE"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(3).WithArguments("Query", "Stamp", "PRAGMA user_version"));

    [Fact]
    public Task With_a_schema_sqlite_decides_and_the_heuristic_finding_is_not_reported() => Run(schema: true,
        // SQLite: the [Query] only reads (no HOLON103), the [Command] only reads (HOLON104); the CTE DELETE writes (nothing);
        // the PRAGMA is left to the heuristic, as SQLite's flag is conservative for pragmas.
        new DiagnosticResult("HOLON104", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Count"),
        new DiagnosticResult("HOLON103", DiagnosticSeverity.Error).WithLocation(3).WithArguments("Query", "Stamp", "PRAGMA user_version"));
}
