using Holon.Data.Watching;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests.Watch;

/// <summary>The writer hooks on a plain connection: what is published, when, and what is not.</summary>
public sealed class ChangeTrackerTests : IDisposable
{
    private readonly WatchTestDb _db = new();
    private readonly SqliteConnection _writer;
    private readonly ChangeHub _hub = new();
    private readonly ChangeTracker _tracker;
    private readonly ChangeSubscription _sub;

    public ChangeTrackerTests()
    {
        _writer = _db.OpenRaw();
        WatchTestDb.Exec(_writer, "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE u(id INTEGER PRIMARY KEY, v TEXT);");
        _tracker = new ChangeTracker(_hub);
        _tracker.Attach(_writer.Handle!);
        _sub = _hub.Subscribe(100, TestContext.Current.CancellationToken);
    }

    private async Task<List<ChangeSet>> Drain()
    {
        var list = new List<ChangeSet>();
        _sub.Complete();
        while (await _sub.MoveNextAsync()) list.Add(_sub.Current);
        return list;
    }

    [Fact]
    public async Task OneChangeSetPerCommittedTransaction_InCommitOrder_WithRows()
    {
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('a')");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "BEGIN IMMEDIATE; INSERT INTO t(v) VALUES ('b'); UPDATE t SET v='c' WHERE id=1; INSERT INTO u(v) VALUES ('x'); DELETE FROM t WHERE id=2; COMMIT;");
        _tracker.Flush();

        var sets = await Drain();
        Assert.Equal(2, sets.Count);
        Assert.Equal([1L, 2L], sets.Select(s => s.Sequence));
        Assert.Equal([new RowChange("t", RowOperation.Insert, 1)], sets[0].Rows);
        Assert.Equal(
            [new RowChange("t", RowOperation.Insert, 2), new RowChange("t", RowOperation.Update, 1), new RowChange("u", RowOperation.Insert, 1), new RowChange("t", RowOperation.Delete, 2)],
            sets[1].Rows);
        Assert.Equal(["t", "u"], sets[1].Tables);
        Assert.False(sets[1].IsSchemaChange);
        Assert.All(sets, s => Assert.False(s.HasUnreportedChanges));
    }

    [Fact]
    public async Task RolledBackTransaction_PublishesNothing()
    {
        WatchTestDb.Exec(_writer, "BEGIN IMMEDIATE; INSERT INTO t(v) VALUES ('a'); INSERT INTO u(v) VALUES ('b'); ROLLBACK;");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "INSERT INTO u(v) VALUES ('kept')");
        _tracker.Flush();

        var sets = await Drain();
        var only = Assert.Single(sets);
        Assert.Equal(["u"], only.Tables);
        Assert.Equal(new RowChange("u", RowOperation.Insert, 1), Assert.Single(only.Rows));
    }

    [Fact]
    public async Task FailedStatementInsideTransaction_ThenRollback_PublishesNothing()
    {
        WatchTestDb.Exec(_writer, "CREATE UNIQUE INDEX ux ON u(v)");
        _tracker.Flush();
        await Drain();
        var sub = _hub.Subscribe(10, TestContext.Current.CancellationToken);
        WatchTestDb.Exec(_writer, "BEGIN IMMEDIATE; INSERT INTO u(v) VALUES ('dup')");
        Assert.Throws<SqliteException>(() => WatchTestDb.Exec(_writer, "INSERT INTO u(v) VALUES ('dup')"));
        WatchTestDb.Exec(_writer, "ROLLBACK");
        _tracker.Flush();
        sub.Complete();
        Assert.False(await sub.MoveNextAsync());
    }

    [Fact]
    public async Task CommitIsPublishedAtTheWritersNextChange_EvenWithoutFlush()
    {
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('a')");
        Assert.Equal(0, _hub.ChangeSetsPublished); // set aside until known complete
        WatchTestDb.Exec(_writer, "BEGIN IMMEDIATE; INSERT INTO u(v) VALUES ('b');");
        Assert.Equal(1, _hub.ChangeSetsPublished);
        WatchTestDb.Exec(_writer, "ROLLBACK");
        _tracker.Flush();
        var sets = await Drain();
        Assert.Equal(["t"], Assert.Single(sets).Tables);
    }

    [Fact]
    public async Task DeleteWithoutWhere_ReportsEveryRow_NotTruncated()
    {
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('a'),('b'),('c')");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "DELETE FROM t");
        _tracker.Flush();
        var sets = await Drain();
        Assert.Equal(2, sets.Count);
        Assert.Equal(3, sets[1].Rows.Count(r => r.Operation == RowOperation.Delete && r.Table == "t"));
        using var check = _writer.CreateCommand();
        check.CommandText = "SELECT count(*) FROM t";
        Assert.Equal(0L, (long)check.ExecuteScalar()!);
    }

    [Fact]
    public async Task SchemaStatements_AreReported_AndDropStillDrops()
    {
        WatchTestDb.Exec(_writer, "ALTER TABLE t ADD COLUMN extra INT");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "CREATE VIEW tv AS SELECT id FROM t");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "DROP VIEW tv");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "DROP TABLE u");
        _tracker.Flush();

        var sets = await Drain();
        Assert.Equal(4, sets.Count);
        Assert.All(sets, s => Assert.True(s.IsSchemaChange));
        Assert.Contains("t", sets[0].SchemaChanges);
        Assert.Contains("tv", sets[1].SchemaChanges);
        Assert.Contains("tv", sets[2].SchemaChanges);
        Assert.Contains("u", sets[3].SchemaChanges);
        Assert.True(sets[3].Touches("U"));
        using var check = _writer.CreateCommand();
        check.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('u','tv')";
        Assert.Equal(0L, (long)check.ExecuteScalar()!);
    }

    [Fact]
    public async Task WithoutRowidTable_IsPublishedAsUnreportedChange()
    {
        WatchTestDb.Exec(_writer, "CREATE TABLE kv(k TEXT PRIMARY KEY, v INT) WITHOUT ROWID");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "INSERT INTO kv VALUES ('a', 1)");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "BEGIN IMMEDIATE; INSERT INTO t(v) VALUES ('x'); UPDATE kv SET v = 2; COMMIT;");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('plain')");
        _tracker.Flush();
        var sets = await Drain();
        Assert.Equal(4, sets.Count);
        Assert.True(sets[1].HasUnreportedChanges);
        Assert.Empty(sets[1].Rows);
        Assert.True(sets[1].Touches("kv"));
        Assert.True(sets[2].HasUnreportedChanges);
        Assert.Single(sets[2].Rows);
        Assert.False(sets[3].HasUnreportedChanges);
        Assert.False(sets[3].Touches("kv"));
    }

    [Fact]
    public async Task ChangesMadeByTriggers_AreReported()
    {
        WatchTestDb.Exec(_writer, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u(v) VALUES (new.v); END;");
        _tracker.Flush();
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('a')");
        _tracker.Flush();
        var sets = await Drain();
        Assert.Equal(["t", "u"], sets[^1].Tables);
    }

    [Fact]
    public async Task CommitsWithNobodyListening_AreNotRecorded_ButALaterListenerIsToldSomethingChanged()
    {
        var hub = new ChangeHub();
        var tracker = new ChangeTracker(hub);
        tracker.Attach(_writer.Handle!);

        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('unheard')");
        tracker.Flush();
        Assert.Equal(0, hub.Sequence); // nothing built for nobody

        // The commit hook ran with nobody listening; a subscriber arrives before the lease is returned.
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('late')");
        var late = hub.Subscribe(10, TestContext.Current.CancellationToken);
        tracker.Flush();
        WatchTestDb.Exec(_writer, "INSERT INTO u(v) VALUES ('heard')");
        tracker.Flush();

        late.Complete();
        var sets = new List<ChangeSet>();
        while (await late.MoveNextAsync()) sets.Add(late.Current);
        Assert.Equal(2, sets.Count);
        Assert.True(sets[0].HasUnreportedChanges);
        Assert.True(sets[0].Touches("t"));
        Assert.Equal([new RowChange("u", RowOperation.Insert, 1)], sets[1].Rows);
    }

    [Fact]
    public async Task AHandleClosedUnderneath_StillPublishesItsCommit_WithoutTouchingTheHandle()
    {
        WatchTestDb.Exec(_writer, "INSERT INTO t(v) VALUES ('a')");
        _writer.Close(); // the update/commit hooks ran; the handle is gone before the lease comes back
        _tracker.Flush(healthy: false);

        var sets = await Drain();
        var set = Assert.Single(sets);
        Assert.True(set.HasUnreportedChanges);
        Assert.Equal([new RowChange("t", RowOperation.Insert, 1)], set.Rows);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _db.Dispose();
    }
}
