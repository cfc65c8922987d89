using Holon.Data.Npgsql.Tests.Verification;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// The recipe of the PostgreSQL page ("Verify"): migrate a fresh schema as production would, then check every
/// statement against it. It runs in CI against the servers .ci/run starts, and skips without HOLON_PG_PRIMARY.
/// </summary>
public sealed class VerificationRecipeTests(PgFixture pg)
{
    static readonly Migration[] Migrations =
    [
        new(1, "items", """
            CREATE TABLE v_items (id bigint PRIMARY KEY, name text NOT NULL, note text, price numeric(10, 2) NOT NULL,
                tags text[] NOT NULL, small int4 NOT NULL);
            CREATE SEQUENCE v_ids;
            """),
        new(2, "named", "CREATE VIEW v_named AS SELECT id, name FROM v_items;"),
    ];

    [Fact]
    public async Task Every_statement_fits_the_migrated_schema()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);   // in an app: a database of its own for the test
        await using var db = NpgsqlDataSource.Create(s.ConnectionString);

        await db.MigrateAsync(Migrations, ct);
        // In an app: (await db.VerifyAsync(HolonCatalog.All, ct)).ThrowIfInvalid(). This project also holds stores
        // that are wrong on purpose (the Broken* types), so it checks the one that is meant to fit.
        (await db.VerifyAsync(VerifiedStore.HolonStatements, ct)).ThrowIfInvalid();
    }
}
