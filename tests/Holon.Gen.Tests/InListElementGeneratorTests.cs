using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>Which element types an IN-list takes per backend, where the docs name a difference.</summary>
public sealed class InListElementGeneratorTests
{
    [Fact]
    public void HOLON049_a_list_of_DateTimeOffset_on_PostgreSQL_but_not_on_SQLite()
    {
        const string Header = """
            using System;
            using System.Collections.Generic;
            using Holon.Data;
            using Npgsql;
            namespace App;

            """;
        var postgres = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(NpgsqlDataSource db)
            {
                [Query("SELECT id FROM blocks WHERE at IN @ats")]
                public partial List<long> ByInstants(DateTimeOffset[] ats);
            }
            """);
        var d = Assert.Single(postgres.GeneratorDiagnostics);
        Assert.Equal("HOLON049", d.Id);
        Assert.Contains("'ats'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        var sqlite = GeneratorHarness.Generate(Header + """
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id FROM blocks WHERE at IN @ats")]
                public partial List<long> ByInstants(DateTimeOffset[] ats);
            }
            """);
        Assert.Empty(sqlite.GeneratorDiagnostics);
        Assert.Empty(sqlite.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(x => x.Severity == DiagnosticSeverity.Error));
    }
}
