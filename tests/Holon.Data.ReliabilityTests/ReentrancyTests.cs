using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

// These tests hold and return leases at chosen moments (to make waits, leaks and faults happen), so
// some leases are disposed explicitly rather than by a using declaration.
#pragma warning disable HOLON102

/// <summary>
/// Promise 8: renting the writer while the same async flow holds it fails fast with a clear exception
/// (the pool's choice, <see cref="SqlitePoolOptions.DetectWriterReentrancy"/>), never a deadlock.
/// </summary>
public sealed class ReentrancyTests
{
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SqlitePool NewPool(TempDatabase db)
    {
        var options = db.Options();
        // If reentrancy went undetected, the stuck rent ends here instead of hanging the run.
        options.AcquireTimeout = TimeSpan.FromSeconds(10);
        return new SqlitePool(options);
    }

    [Fact(Timeout = 30_000)]
    public async Task RentingTheWriterWhileHoldingItFailsFast()
    {
        using var db = new TempDatabase();
        await using var pool = NewPool(db);

        await using var held = await pool.RentWriterAsync(Ct);
        long t0 = Stopwatch.GetTimestamp();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentWriterAsync(Ct).AsTask()).Within(Watch, "the reentrant async rent");
        Figures.RecordMs("reentrant writer rent rejected after", Figures.Ms(t0, Stopwatch.GetTimestamp()));
        Assert.Contains("writer", ex.Message, StringComparison.OrdinalIgnoreCase);

        // Synchronous form, on another thread of the same flow (the execution context flows into Task.Run).
        await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => pool.RentWriter().Dispose(), Ct)).Within(Watch, "the reentrant sync rent");

        // The held lease still works.
        held.Execute("CREATE TABLE t(x)");
    }

    [Fact(Timeout = 30_000)]
    public async Task AWriterGotAfterWaitingIsStillDetected()
    {
        using var db = new TempDatabase();
        await using var pool = NewPool(db);

        // The rent below waits (slow path) and is granted when the other flow returns the writer.
        var holder = await OtherFlow.RentWriterAsync(pool);
        var pending = pool.RentWriterAsync(Ct);
        Assert.False(pending.IsCompleted);
        await holder.DisposeAsync();
        await using var mine = await pending.Within(Watch, "the queued writer");

        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentWriterAsync(Ct).AsTask()).Within(Watch, "the reentrant rent after a wait");
        mine.Execute("CREATE TABLE t(x)");
    }

    [Fact(Timeout = 30_000)]
    public async Task ReturningTheWriterToAWaiterDoesNotMarkTheReturningFlow()
    {
        using var db = new TempDatabase();
        await using var pool = NewPool(db);
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE t(x)"); return default; }, Ct);

        // This flow holds the writer, another flow waits for it; after returning it, this flow queues again
        // behind the other one and must be served, not told it is reentrant.
        var mine = await pool.RentWriterAsync(Ct);
        // (A task started from this flow while it holds the writer would inherit the holder's mark and be told it
        // is reentrant: the pool cannot tell a child task from an awaited call. Independent callers do not flow.)
        Task other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(async () =>
            {
                await using var w = await pool.RentWriterAsync(Ct);
                await Task.Delay(50, Ct);
                w.Execute("INSERT INTO t(x) VALUES ('other')");
            }, Ct);
        }

        var waitSeen = Stopwatch.StartNew();
        while (pool.Statistics.LeaseWaits == 0 && !other.IsCompleted)
        {
            Assert.True(waitSeen.Elapsed < Watchdog.HangGuard, "the other flow never queued");
            await Task.Delay(5, Ct);
        }
        await mine.DisposeAsync();
        await pool.WriteAsync(l => { l.Execute("INSERT INTO t(x) VALUES ('mine')"); return default; }, Ct).Within(Watch, "this flow's next write");
        await other.Within(Watch, "the other flow");
        Assert.Equal(2, await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM t")), Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteAsyncInsideWriteAsyncFailsFast()
    {
        using var db = new TempDatabase();
        await using var pool = NewPool(db);
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE t(x)"); return default; }, Ct);

        var outer = pool.WriteAsync(async l =>
        {
            l.Execute("INSERT INTO t(x) VALUES (1)");
            await pool.WriteAsync(inner => { inner.Execute("INSERT INTO t(x) VALUES (2)"); return default; }, Ct);
        }, Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => outer).Within(Watch, "nested WriteAsync");

        // The outer unit of work failed, so it rolled back; the writer is free again.
        await pool.WriteAsync(l => { l.Execute("INSERT INTO t(x) VALUES (3)"); return default; }, Ct).Within(Watch, "the next write");
        Assert.Equal(1, await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM t")), Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadingWhileHoldingTheWriterIsFine()
    {
        using var db = new TempDatabase();
        await using var pool = NewPool(db);
        long count = await pool.WriteAsync(async l =>
        {
            l.Execute("CREATE TABLE t(x)");
            l.Execute("INSERT INTO t(x) VALUES (1)");
            // A reader sees the last commit, not the writer's open transaction.
            return await pool.ReadAsync(r => ValueTask.FromResult(r.Scalar<long>("SELECT count(*) FROM sqlite_schema WHERE name = 't'")), Ct);
        }, Ct).Within(Watch, "a read inside a write");
        Assert.Equal(0, count);
    }

    [Fact(Timeout = 30_000)]
    public async Task OtherFlowsStillWaitTheirTurn()
    {
        using var db = new TempDatabase();
        await using var pool = NewPool(db);

        // A flow started before the writer was rented waits normally.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = Task.Run(async () =>
        {
            await gate.Task;
            await using var w = await pool.RentWriterAsync(Ct);
            w.Execute("CREATE TABLE IF NOT EXISTS t(x)");
        }, Ct);

        // A task started while holding the writer inherits the holder's execution context, but once the
        // holder returned the lease it is a different rent, not reentrancy.
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task child;
        await using (var held = await pool.RentWriterAsync(Ct))
        {
            gate.SetResult();
            child = Task.Run(async () =>
            {
                await released.Task;
                await pool.WriteAsync(l => { l.Execute("CREATE TABLE IF NOT EXISTS t(x)"); l.Execute("INSERT INTO t(x) VALUES (1)"); return default; }, Ct);
            }, Ct);
            await Task.Delay(100, Ct);
            Assert.False(other.IsCompleted);
        }

        released.SetResult();
        await other.Within(TimeSpan.FromSeconds(5), "a writer from another flow");
        await child.Within(TimeSpan.FromSeconds(5), "a writer from a task started while holding the writer");
    }
}
