using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests.Migrations;

/// <summary>
/// What a migration may hold (no transaction control, at least one statement), what a failure says about the
/// database, and an edited migration refused on every path.
/// </summary>
public sealed class MigrationRulesTests : IDisposable
{
    private static readonly Migration M1 = new(1, "create_items", "CREATE TABLE items(id INTEGER PRIMARY KEY, content TEXT NOT NULL);");

    private static readonly Migration M2 = new(2, "seed", "INSERT INTO items(content) VALUES ('seed');");

    private readonly TempDb _db = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    private long Scalar(string sql)
    {
        using var c = new SqliteConnection(_db.ConnectionString + ";Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private bool TableExists(string name) => Scalar($"SELECT count(*) FROM sqlite_schema WHERE name = '{name}'") == 1;

    [Theory]
    [InlineData("CREATE TABLE before_commit(x);\nCOMMIT;\nCREATE TABLE after_commit(x);\nSELECT * FROM missing;", "COMMIT", 2)]
    [InlineData("CREATE TABLE before_commit(x);\ncommit transaction", "COMMIT", 2)]
    [InlineData("CREATE TABLE before_commit(x);\n  END;", "END", 2)]
    [InlineData("/* first */ BEGIN;\nCREATE TABLE before_commit(x);", "BEGIN", 1)]
    [InlineData("CREATE TABLE before_commit(x);\n-- undo\nROLLBACK;", "ROLLBACK", 3)]
    [InlineData("SAVEPOINT a;\nCREATE TABLE before_commit(x);\nRELEASE a;", "SAVEPOINT", 1)]
    [InlineData("CREATE TABLE before_commit(x);\nRELEASE SAVEPOINT a;", "RELEASE", 2)]
    public void TransactionControl_IsRefused_BeforeAnythingRuns(string sql, string keyword, int line)
    {
        using var pool = new SqlitePool(_db.Options());
        var e = Assert.Throws<MigrationException>(() => pool.Migrate([M1, new Migration(2, "bad", sql)], Ct));

        Assert.Equal(2, e.Version);
        Assert.Equal(line, e.Line);
        Assert.Contains($"{keyword} is transaction control, which is not allowed in a migration", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("PRAGMA user_version"));   // migration 1 did not run either
        Assert.False(TableExists("items"));
        Assert.False(TableExists("before_commit"));
        Assert.False(TableExists("holon_migrations"));
    }

    [Fact]
    public void TransactionControl_IsRefused_OnTheFirstRentWithOptionsMigrations()
    {
        var options = _db.Options();
        options.Migrations = [M1, new Migration(2, "bad", "CREATE TABLE before_commit(x);\nCOMMIT;\nCREATE TABLE after_commit(x);")];
        using var pool = new SqlitePool(options);

        var e = Assert.Throws<MigrationException>(() => pool.RentReader(Ct));
        Assert.Contains("COMMIT is transaction control", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("PRAGMA user_version"));
        Assert.False(TableExists("after_commit"));
    }

    [Fact]
    public void TriggerBodies_CaseEnd_AndWordsInLiterals_AreNotTransactionControl()
    {
        var m2 = new Migration(2, "trigger", """
            CREATE TABLE log(item INTEGER, what TEXT);
            CREATE TRIGGER items_log AFTER INSERT ON items
            BEGIN
                INSERT INTO log(item, what) VALUES (new.id, CASE WHEN new.content = 'x' THEN 'x' ELSE 'other' END);
                UPDATE log SET what = 'commit' WHERE item = new.id AND what = 'rollback';
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS never AFTER DELETE ON items BEGIN SELECT 1; END;
            INSERT INTO items(content) VALUES ('BEGIN; COMMIT; END');
            """);
        using var pool = new SqlitePool(_db.Options());

        Assert.Equal([1, 2], pool.Migrate([M1, m2], Ct).Applied);
        Assert.Equal(1, Scalar("SELECT count(*) FROM log WHERE what = 'other'"));
    }

    [Theory]
    [InlineData("-- nothing yet")]
    [InlineData("/* later */ ;\n-- still nothing\n;")]
    public void CommentOnlyMigration_IsRefused_LikeAnEmptyOne(string sql)
    {
        var e = Assert.Throws<ArgumentException>(() => new Migration(1, "later", sql));
        Assert.Equal("sql", e.ParamName);
        Assert.Contains("migration 1 'later' has no SQL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedMigration_SaysTheVersionReadAfterTheRollback_AndCarriesSqlitesCode()
    {
        var bad = new Migration(3, "broken", "CREATE TABLE half(id INTEGER PRIMARY KEY);\nPRAGMA user_version = 9;\nINSERT INTO nowhere VALUES (1);");
        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1, M2], Ct);

        var e = Assert.Throws<MigrationException>(() => pool.Migrate([M1, M2, bad], Ct));
        Assert.Contains("failed at line 3: no such table: nowhere. It was rolled back; the database is at version 2.", e.Message, StringComparison.Ordinal);
        var sqlite = Assert.IsType<SqliteException>(e.InnerException);
        Assert.Equal(1, sqlite.SqliteErrorCode);   // SQLITE_ERROR from the prepare that failed
        Assert.Equal(2, Scalar("PRAGMA user_version"));
        Assert.False(TableExists("half"));
    }

    [Fact]
    public void EditedMigration_IsRefused_ByOptionsMigrations_WhenTheDatabaseIsCurrent()
    {
        using (var pool = new SqlitePool(_db.Options())) pool.Migrate([M1, M2], Ct);
        var edited = new Migration(2, "seed", "INSERT INTO items(content) VALUES ('edited');");
        var options = _db.Options();
        options.Migrations = [M1, edited];
        using var current = new SqlitePool(options);

        var e = Assert.Throws<MigrationException>(() => current.RentReader(Ct));
        Assert.Equal(2, e.Version);
        Assert.Contains(M2.Checksum, e.Message, StringComparison.Ordinal);
        Assert.Contains(edited.Checksum, e.Message, StringComparison.Ordinal);
        Assert.Same(e, Assert.Throws<MigrationException>(() => current.RentWriter(Ct)));
        Assert.Equal(1, Scalar("SELECT count(*) FROM items WHERE content = 'seed'"));
    }

    [Fact]
    public void UserVersionReadThatFailsAtStep_CarriesTheStepsCode()
    {
        // A progress handler that interrupts while armed: the writer's next statement (PRAGMA user_version) prepares
        // fine and fails at its step with SQLITE_INTERRUPT, a real failure of the step alone.
        bool armed = false;
        var options = _db.Options();
        options.OnConnectionCreated = c => SQLitePCL.raw.sqlite3_progress_handler(c.Handle, 1, static state => ((Func<bool>)state)() ? 1 : 0, (Func<bool>)(() => armed));
        using var pool = new SqlitePool(options);
        pool.Migrate([M1], Ct);

        armed = true;
        var e = Assert.Throws<SqliteException>(() => pool.Migrate([M1, M2], Ct));
        armed = false;
        Assert.Equal(9, e.SqliteErrorCode);   // SQLITE_INTERRUPT, the step's code (the prepare's SQLITE_OK is 0)
        Assert.Contains("PRAGMA user_version", e.Message, StringComparison.Ordinal);
        Assert.Equal([2], pool.Migrate([M1, M2], Ct).Applied);
    }

    [Fact]
    public void AppliedRowsReadThatFails_IsSqlitesError_NotAMissingRow()
    {
        // An authorizer that denies reading holon_migrations while armed: the read fails at prepare with SQLITE_AUTH.
        // Before, any failure there read as "no rows", and the message blamed a version set outside the migrations.
        // (Installed on the writer after the pool's own hooks, which it replaces for this test's writer.)
        bool armed = false;
        using var pool = new SqlitePool(_db.Options());
        pool.Migrate([M1], Ct);
        using (var lease = pool.RentWriter(Ct))
        {
            SQLitePCL.raw.sqlite3_set_authorizer(lease.Connection.Handle,
                (_, action, table, _, _, _) => armed && action == SQLitePCL.raw.SQLITE_READ && table.utf8_to_string() == "holon_migrations"
                    ? SQLitePCL.raw.SQLITE_DENY
                    : SQLitePCL.raw.SQLITE_OK,
                null);
        }

        armed = true;
        var e = Assert.Throws<SqliteException>(() => pool.Migrate([M1, M2], Ct));
        armed = false;
        Assert.Equal(23, e.SqliteErrorCode);   // SQLITE_AUTH
        Assert.Contains("holon_migrations", e.Message, StringComparison.Ordinal);
        Assert.Equal([2], pool.Migrate([M1, M2], Ct).Applied);
    }
}
