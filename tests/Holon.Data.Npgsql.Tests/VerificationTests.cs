using Holon.Data.Npgsql.Tests.Verification;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>NpgsqlDataSource.Verify on the real primary: one test per kind of finding, a clean store, and what it never does.</summary>
public sealed class VerificationTests(PgFixture pg)
{
    const string Schema = """
        CREATE TABLE v_items (
            id bigint PRIMARY KEY,
            name text NOT NULL,
            note text NULL,
            price numeric(10, 2) NOT NULL,
            tags text[] NOT NULL,
            small int4 NOT NULL);
        CREATE VIEW v_named AS SELECT id, name FROM v_items;
        CREATE SEQUENCE v_ids;
        INSERT INTO v_items VALUES (1, 'a', NULL, 1.5, '{x}', 3);
        """;

    async Task<TempSchema> SchemaAsync(CancellationToken ct)
    {
        var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync(Schema, ct);
        return s;
    }

    static SchemaFinding Single(SchemaVerification result, string id)
    {
        var finding = Assert.Single(result.Findings);
        Assert.Equal(id, finding.Id);
        return finding;
    }

    [Fact]
    public async Task Statements_that_fit_the_schema_give_no_finding_and_are_all_counted()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var result = await s.Source.VerifyAsync(VerifiedStore.HolonStatements, ct);

        Assert.True(result.IsValid, string.Join("\n", result.Findings));
        Assert.Equal(VerifiedStore.HolonStatements.Count, result.Statements);
        result.ThrowIfInvalid();
        // The synchronous form gives the same answer.
        Assert.Empty(s.Source.Verify(VerifiedStore.HolonStatements, ct).Findings);
    }

    [Fact]
    public async Task Verifying_never_runs_a_statement()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        await s.Source.VerifyAsync(VerifiedStore.HolonStatements, ct);
        s.Source.Verify(VerifiedStore.HolonStatements, ct);

        // The DELETE and the INSERT were described, not run; nextval was not called.
        Assert.Equal(1L, await s.ScalarAsync<long>("SELECT count(*) FROM v_items", ct));
        Assert.False(await s.ScalarAsync<bool>("SELECT is_called FROM v_ids", ct));
    }

    [Fact]
    public async Task An_unknown_table_is_the_servers_error_naming_the_method()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var f = Single(await s.Source.VerifyAsync(BrokenUnknownTable.HolonStatements, ct), "HOLON200");

        Assert.Equal("Holon.Data.Npgsql.Tests.Verification.BrokenUnknownTable.FindAsync", f.Origin);
        Assert.StartsWith("PostgreSQL rejects the SQL: relation \"v_no_such_table\" does not exist (SQLSTATE 42P01", f.Message);
    }

    [Fact]
    public async Task An_unknown_column_is_the_servers_error_and_the_checks_go_on_after_it()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        // The failed statement aborts nothing: the next statement is still checked.
        var result = await s.Source.VerifyAsync([.. BrokenUnknownColumn.HolonStatements, .. BrokenMissingColumn.HolonStatements], ct);

        Assert.Equal(["HOLON200", "HOLON201"], result.Findings.Select(f => f.Id));
        Assert.Equal("Holon.Data.Npgsql.Tests.Verification.BrokenUnknownColumn.AllAsync", result.Findings[0].Origin);
        Assert.StartsWith("PostgreSQL rejects the SQL: column \"nmae\" does not exist (SQLSTATE 42703, at character 12)", result.Findings[0].Message);
    }

    [Fact]
    public async Task A_member_with_no_column_names_the_member_and_the_columns()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var f = Single(await s.Source.VerifyAsync(BrokenMissingColumn.HolonStatements, ct), "HOLON201");

        Assert.Equal("Holon.Data.Npgsql.Tests.Verification.BrokenMissingColumn.AllAsync", f.Origin);
        Assert.Equal("member 'Name' must be set but the result has no column for it; the columns are: id", f.Message);
    }

    [Fact]
    public async Task A_column_with_no_member_is_reported()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var f = Single(await s.Source.VerifyAsync(BrokenUnreadColumn.HolonStatements, ct), "HOLON202");

        Assert.Equal("column 'price' maps to no member and is read for nothing", f.Message);
    }

    [Fact]
    public async Task A_nullable_table_column_into_a_non_nullable_member_is_reported()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var f = Single(await s.Source.VerifyAsync(BrokenNullable.HolonStatements, ct), "HOLON203");

        Assert.Equal("Holon.Data.Npgsql.Tests.Verification.BrokenNullable.AllAsync", f.Origin);
        Assert.Equal("column 'note' can be NULL but member 'Note' has non-nullable type 'string'", f.Message);
    }

    [Fact]
    public async Task A_type_the_member_cannot_read_is_reported_with_the_servers_type_name()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var result = await s.Source.VerifyAsync(BrokenType.HolonStatements, ct);

        Assert.Equal(["HOLON204", "HOLON204"], result.Findings.Select(f => f.Id));
        Assert.Equal("column 'name' is declared 'text', which the runtime cannot read into member 'Name' of type 'int'", result.Findings[0].Message);
        Assert.Equal("Holon.Data.Npgsql.Tests.Verification.BrokenType.TagsAsync", result.Findings[1].Origin);
        Assert.Equal("column 'tags' is declared 'text[]', which the runtime cannot read into member position 0 (string) of type 'string'",
            result.Findings[1].Message);
    }

    [Fact]
    public async Task Two_columns_for_one_member_are_reported_naming_both()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var f = Single(await s.Source.VerifyAsync(BrokenDuplicate.HolonStatements, ct), "HOLON207");

        Assert.Equal("member 'ParentId' matches two columns, 'parentid' at position 2 and 'parent_id' at position 1", f.Message);
    }

    [Fact]
    public async Task ThrowIfInvalid_lists_every_finding_under_the_PostgreSQL_verifier()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);

        var result = await s.Source.VerifyAsync([.. BrokenNullable.HolonStatements, .. BrokenDuplicate.HolonStatements], ct);
        var e = Assert.Throws<SchemaVerificationException>(result.ThrowIfInvalid);

        Assert.StartsWith("NpgsqlDataSource.Verify: 2 finding(s) in 2 statement(s):", e.Message);
        Assert.Contains("HOLON203 Holon.Data.Npgsql.Tests.Verification.BrokenNullable.AllAsync", e.Message);
    }

    [Fact]
    public async Task Each_backend_checks_only_its_own_statements()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SchemaAsync(ct);
        // SQLite-only SQL, as a SQLite store's definition would hold it: PostgreSQL has no sqlite_master.
        var sqlite = new StatementDefinition("SELECT name FROM sqlite_master", StatementKind.Query, [], [], "App.LiteStore.Names",
            [new ResultMemberInfo("", "string", "String", isNullable: true, isRequired: true)]);

        var onPostgres = await s.Source.VerifyAsync([sqlite, .. BrokenNullable.HolonStatements], ct);
        Assert.Equal(1, onPostgres.Statements);
        Assert.Equal("HOLON203", Assert.Single(onPostgres.Findings).Id);

        // SqlitePool.Verify skips this project's PostgreSQL statements (HolonCatalog.All lists them) and checks the SQLite one.
        string file = Path.Combine(Path.GetTempPath(), "holon-verify-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var pool = new SqlitePool("Data Source=" + file))
            {
                Assert.Contains(HolonCatalog.All, d => d.Backend == StatementBackend.PostgreSql);
                Assert.DoesNotContain(HolonCatalog.All, d => d.Backend == StatementBackend.Sqlite);
                var onSqlite = pool.Verify([.. HolonCatalog.All, sqlite]);
                Assert.Equal(1, onSqlite.Statements);
                Assert.True(onSqlite.IsValid, string.Join("\n", onSqlite.Findings));
            }
        }
        finally
        {
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*")) File.Delete(f);
            File.Delete(file);
        }
    }
}
