using Holon.Data.ReliabilityTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Holon.Data.ReliabilityTests;

/// <summary>
/// Promise 14: SQL that breaks at run time (its table dropped under a generated method) gives an exception naming
/// the method and the SQL; the connection stays usable and other statements keep working.
/// </summary>
public sealed class BadSqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task ADroppedTableGivesAnErrorNamingTheMethodAndTheSqlAndNothingElseBreaks()
    {
        using var db = new TempDatabase();
        // One reader, so the failing statement and the later ones share its connection.
        await using var pool = await HostileInputTests.CreateAsync(db, maxReaders: 1);
        var store = new HostileStore(pool);

        Assert.Equal(1, store.AddVictim(1, "first"));
        Assert.Equal(1, await store.AddBystanderAsync(1, "watching", Ct));
        Assert.Equal(new Victim(1, "first"), store.GetVictim(1));
        Assert.Equal(new Victim(1, "first"), store.GetVictimStar(1));
        long prepared = pool.Statistics.StatementsPrepared;
        long created = pool.Statistics.ConnectionsCreated;

        await pool.WriteAsync(l => { l.Execute("DROP TABLE victims"); return default; }, Ct);

        // Cached statements of a dropped table: the read side and the write side.
        var read = Assert.Throws<SqliteException>(() => store.GetVictim(1));
        Assert.Contains("no such table", read.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("HostileStore.GetVictim", read.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT id, name FROM victims WHERE id = @id", read.Message, StringComparison.Ordinal);

        var write = Assert.Throws<SqliteException>(() => store.AddVictim(2, "second"));
        Assert.Contains("HostileStore.AddVictim", write.Message, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO victims (id, name) VALUES (@id, @name)", write.Message, StringComparison.Ordinal);

        // The same connections keep working for other statements, on both sides.
        Assert.Equal(1, store.CountBystanders());
        Assert.Equal(1, await store.AddBystanderAsync(2, "still watching", Ct));
        Assert.Equal(2, store.CountBystanders());
        Assert.Equal(created, pool.Statistics.ConnectionsCreated);
        Assert.Equal(0, pool.Statistics.ConnectionsBroken);

        // The writer is not left inside a transaction: BEGIN IMMEDIATE works at once.
        await pool.WriteAsync(l => { l.Execute("INSERT INTO bystanders(id, name) VALUES (3, 'x')"); return default; }, Ct).Within(TimeSpan.FromSeconds(5), "a write after the failure");

        // Recreated with its columns in another order: the same methods work again and map by name.
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE victims(name TEXT NOT NULL, id INTEGER PRIMARY KEY)"); return default; }, Ct);
        Assert.Equal(1, store.AddVictim(5, "again"));
        Assert.Equal(new Victim(5, "again"), store.GetVictim(5));
        Assert.Equal(new Victim(5, "again"), store.GetVictimStar(5));
        Assert.True(pool.Statistics.StatementsPrepared >= prepared);
    }

    [Fact(Timeout = 60_000)]
    public async Task AColumnDroppedUnderAGeneratedMethodNamesTheMemberMethodAndSql()
    {
        using var db = new TempDatabase();
        await using var pool = await HostileInputTests.CreateAsync(db, maxReaders: 1);
        var store = new HostileStore(pool);
        Assert.Equal(1, store.AddVictim(1, "first"));
        Assert.Equal(new Victim(1, "first"), store.GetVictimStar(1));

        // SELECT * no longer yields a 'name' column: the mapping, not SQLite, must say so clearly.
        await pool.WriteAsync(l =>
        {
            l.Execute("ALTER TABLE victims RENAME COLUMN name TO alias");
            return default;
        }, Ct);
        var e = Assert.ThrowsAny<Exception>(() => store.GetVictimStar(1));
        Assert.Contains("Name", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("HostileStore.GetVictimStar", e.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT * FROM victims WHERE id = @id", e.Message, StringComparison.Ordinal);

        // The explicit-column query fails in SQLite with the same context, and the reader lives on.
        var explicitColumns = Assert.Throws<SqliteException>(() => store.GetVictim(1));
        Assert.Contains("HostileStore.GetVictim", explicitColumns.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.CountBystanders());
        Assert.Equal(0, pool.Statistics.ConnectionsBroken);
    }
}
