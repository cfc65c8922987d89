using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests;

public class ErrorAndReentrancyTests
{
    private static readonly StatementDefinition ReadGone = new("SELECT x FROM gone", StatementKind.Query, [], ["X"], "App.Store.ReadGone");

    [Fact]
    public void SqlErrorsCarryMessageOriginAndSqlAndTheConnectionStaysUsable()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE gone (x)");
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(ReadGone, TestContext.Current.CancellationToken);
            Assert.False(s.Step());
        }

        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("DROP TABLE gone");
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(ReadGone, TestContext.Current.CancellationToken);
            var ex = Assert.Throws<SqliteException>(() => s.Step());
            Assert.Contains("no such table: gone", ex.Message);
            Assert.Contains("App.Store.ReadGone", ex.Message);
            Assert.Contains("SELECT x FROM gone", ex.Message);
            Assert.Equal(1, ex.SqliteErrorCode);
            Assert.Equal(1, r.Scalar<long>("SELECT 1"));
        }

        pool.RentWriter(TestContext.Current.CancellationToken).Execute_("CREATE TABLE gone (x)");
        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            using var s = r.Statement(ReadGone, TestContext.Current.CancellationToken);
            Assert.False(s.Step()); // the cached statement works again once the table is back
        }

        using (var r = pool.RentReader(TestContext.Current.CancellationToken))
        {
            var ex = Assert.Throws<SqliteException>(() => r.Execute("SELEC nonsense"));
            Assert.Contains("syntax error", ex.Message);
            Assert.Contains("SELEC nonsense", ex.Message);
            Assert.Equal(2, r.Scalar<long>("SELECT 2"));
        }

        Assert.Equal(0, pool.Statistics.ConnectionsBroken);
    }

    [Fact]
    public void BadDefinitionsAndArgumentsGetClearErrors()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var r = pool.RentReader(TestContext.Current.CancellationToken);
        var wrongParam = new StatementDefinition("SELECT @a", StatementKind.Query, ["@b"], [], "App.Store.Wrong");
        var ex = Assert.Throws<ArgumentException>(() => r.Statement(wrongParam, TestContext.Current.CancellationToken));
        Assert.Contains("@b", ex.Message);
        Assert.Contains("App.Store.Wrong", ex.Message);
        Assert.Throws<ArgumentException>(() => r.Execute("SELECT 1; SELECT 2"));
        Assert.Equal(1, r.Scalar<long>("SELECT 1; -- a trailing comment is fine"));
        Assert.Throws<ArgumentException>(() => r.Scalar<long>("SELECT ?1", new object()));
        using var s = r.Statement("SELECT ?1", TestContext.Current.CancellationToken);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.BindInt64(-1, 1));
        Assert.Throws<SqliteException>(() => s.BindInt64(5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=x.db", MaxReaders = 0 }));
    }

    [Fact]
    public void OptionsATimerCannotHonourAreRejectedUpFront()
    {
        // A wait longer than int.MaxValue ms would throw from the timer after the waiter was queued, losing its slot.
        static SqlitePoolOptions With(Action<SqlitePoolOptions> set) { var o = new SqlitePoolOptions { ConnectionString = "Data Source=x.db" }; set(o); return o; }
        var acquire = Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePool(With(o => o.AcquireTimeout = TimeSpan.MaxValue)));
        Assert.Equal(nameof(SqlitePoolOptions.AcquireTimeout), acquire.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePool(With(o => o.AcquireTimeout = TimeSpan.FromMilliseconds(-5))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePool(With(o => o.BusyTimeout = TimeSpan.FromDays(30))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePool(With(o => o.Synchronous = (SynchronousMode)42)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePoolOptions().WatchRefreshPacing = TimeSpan.FromDays(30));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlitePoolOptions().DataVersionPollInterval = TimeSpan.MaxValue);

        // The limits themselves are accepted.
        using var infinite = new SqlitePool(With(o => o.AcquireTimeout = Timeout.InfiniteTimeSpan));
        using var longest = new SqlitePool(With(o => { o.AcquireTimeout = TimeSpan.FromMilliseconds(int.MaxValue); o.BusyTimeout = TimeSpan.Zero; }));
        Assert.Equal(Timeout.InfiniteTimeSpan, infinite.Options.AcquireTimeout);
    }

    [Fact]
    public void DefinitionIdsAreDenseAndUnique()
    {
        var a = new StatementDefinition("SELECT 1", StatementKind.Query, [], [], "A");
        var b = new StatementDefinition("SELECT 1", StatementKind.Query, [], [], "B");
        Assert.NotEqual(a.Id, b.Id);
        Assert.InRange(b.Id - a.Id, 1, 1000);
    }

    [Fact]
    public async Task RentingTheWriterTwiceOnOneFlowThrowsQuickly()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        var options = db.Options();
        options.TrackLeaseOrigins = true;
        await using var pool = new SqlitePool(options);
        await using (var outer = await pool.RentWriterAsync(ct))
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await NestedAsync(pool, ct));
            Assert.Contains("already holds the writer", ex.Message);
            Assert.Throws<InvalidOperationException>(() => pool.RentWriter(TestContext.Current.CancellationToken));
            outer.Execute("SELECT 1");
        }

        await pool.WriteAsync(async lease =>
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await pool.WriteAsync(_ => ValueTask.CompletedTask, ct));
        }, ct);

        // Once returned, the same flow rents it again normally; readers are never affected.
        using (var w = await pool.RentWriterAsync(ct))
        using (var r = await pool.RentReaderAsync(ct))
        {
            Assert.True(w.IsWriter);
        }

        static async Task NestedAsync(SqlitePool pool, CancellationToken ct)
        {
            await Task.Yield();
            using var inner = await pool.RentWriterAsync(ct);
        }
    }

    [Fact]
    public async Task HoldingTheWritersOfTwoPoolsStillCatchesAReentrantRentOfEither()
    {
        using var dbA = new TempDb();
        using var dbB = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        var optionsA = dbA.Options();
        optionsA.AcquireTimeout = TimeSpan.FromSeconds(5); // a miss would wait this long, then fail with the wrong exception
        await using var a = new SqlitePool(optionsA);
        await using var b = new SqlitePool(dbB.Options());

        // Copying between two databases holds both writers on one flow.
        await using var writerA = await a.RentWriterAsync(ct);
        await using var writerB = await b.RentWriterAsync(ct);
        Assert.Throws<InvalidOperationException>(() => a.RentWriter(TestContext.Current.CancellationToken));
        Assert.Throws<InvalidOperationException>(() => b.RentWriter(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AWriterReturnedOnAnotherFlowLeavesNoFalseAlarm()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options());
        var lease = pool.RentWriter(TestContext.Current.CancellationToken);
        await Task.Run(() => lease.Dispose(), ct); // returned elsewhere; this flow's marker is now stale
        var other = await Task.Run(() => pool.RentWriter(TestContext.Current.CancellationToken), ct); // someone else holds it now
        var mine = pool.RentWriterAsync(ct); // must wait, not throw
        Assert.False(mine.IsCompleted);
        other.Dispose();
        (await mine).Dispose();
    }
}

public class ReentrancyOptOutTests
{
    [Fact]
    public async Task TasksStartedUnderSuppressFlowMayWaitForTheWriter()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        await using var pool = new SqlitePool(db.Options());
        Task child;
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            using (ExecutionContext.SuppressFlow())
            {
                child = Task.Run(async () => { using var x = await pool.RentWriterAsync(ct); x.Execute("SELECT 1"); }, ct);
            }

            while (pool.Statistics.LeaseWaits == 0) await Task.Delay(1, ct);
        }

        await child;
    }

    [Fact]
    public async Task WithDetectionOffAChildTaskWaitsInsteadOfThrowing()
    {
        using var db = new TempDb();
        var ct = TestContext.Current.CancellationToken;
        var options = db.Options();
        options.DetectWriterReentrancy = false;
        await using var pool = new SqlitePool(options);
        Task child;
        using (var w = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            child = Task.Run(async () => { using var x = await pool.RentWriterAsync(ct); }, ct);
            while (pool.Statistics.LeaseWaits == 0) await Task.Delay(1, ct);
        }

        await child;
    }
}
