using System.Collections.Concurrent;
using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

/// <summary>Promises 3 and 4: snapshots hold while the writer commits, and the writer never blocks readers.</summary>
public sealed class IsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task ReaderTransactionKeepsItsSnapshotWhileTheWriterCommits()
    {
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 2));
        await pool.WriteAsync(l =>
        {
            l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            for (int i = 0; i < 10; i++) l.Execute("INSERT INTO items(v) VALUES (?1)", "before");
            return default;
        }, Ct);

        await using (var reader = await pool.RentReaderAsync(Ct))
        {
            using (var tx = reader.BeginTransaction())
            {
                Assert.Equal(10, reader.Scalar<long>("SELECT count(*) FROM items"));
                for (int round = 1; round <= 5; round++)
                {
                    int r = round;
                    await pool.WriteAsync(l =>
                    {
                        l.Execute("INSERT INTO items(v) VALUES (?1)", $"commit {r}");
                        l.Execute("UPDATE items SET v = ?1 WHERE id = 1", $"changed {r}");
                        return default;
                    }, Ct);

                    // The snapshot: still the 10 rows and the old value, after every commit.
                    Assert.Equal(10, reader.Scalar<long>("SELECT count(*) FROM items"));
                    Assert.Equal("before", reader.Scalar<string>("SELECT v FROM items WHERE id = 1"));

                    // A fresh read sees the commit.
                    long fresh = await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM items")), Ct);
                    Assert.Equal(10 + round, fresh);
                }

                tx.Commit();
            }

            // The transaction is over: the same lease now sees every commit.
            Assert.Equal(15, reader.Scalar<long>("SELECT count(*) FROM items"));
            Assert.Equal("changed 5", reader.Scalar<string>("SELECT v FROM items WHERE id = 1"));
        }

        // ReadAsync is one snapshot too: two reads inside it agree even with a commit between them.
        var (a, b) = await pool.ReadAsync(async l =>
        {
            long first = l.Scalar<long>("SELECT count(*) FROM items");
            await pool.WriteAsync(w => { w.Execute("INSERT INTO items(v) VALUES ('inside')"); return default; }, Ct);
            long second = l.Scalar<long>("SELECT count(*) FROM items");
            return (first, second);
        }, Ct);
        Assert.Equal(a, b);
    }

    [Fact(Timeout = 60_000)]
    public async Task ReadsRunWhileTheWriterHoldsAnImmediateTransaction()
    {
        const int Reads = 1000;
        using var db = new TempDatabase();
        await using var pool = new SqlitePool(db.Options(maxReaders: 4));
        await pool.WriteAsync(l =>
        {
            l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            for (int i = 0; i < 100; i++) l.Execute("INSERT INTO items(v) VALUES (?1)", "row " + i);
            return default;
        }, Ct);

        // Warm every reader connection so the figure measures reads, not connection opens.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => pool.ReadAsync(l => { l.Scalar<long>("SELECT count(*) FROM items"); return default; }, Ct)));

        var writerHolding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int committing = 0;
        var writer = Task.Run(async () =>
        {
            await using var w = await pool.RentWriterAsync(Ct);
            using var tx = w.BeginTransaction();
            w.Execute("INSERT INTO items(v) VALUES ('uncommitted')");
            writerHolding.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Volatile.Write(ref committing, 1);
            tx.Commit();
        }, Ct);
        await writerHolding.Task.Within(TimeSpan.FromSeconds(10), "the writer's BEGIN IMMEDIATE");

        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentQueue<Exception>();
        int next = 0, dirty = 0;
        long readsStart = Stopwatch.GetTimestamp();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Reads)
            {
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    long count = await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM items")), Ct);
                    latencies.Add(Figures.Ms(t0, Stopwatch.GetTimestamp()));
                    // Seeing the new row before the commit began would be a dirty read.
                    if (count != 100 && Volatile.Read(ref committing) == 0) Interlocked.Increment(ref dirty);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        }, Ct)).ToArray();
        await Task.WhenAll(readers).Within(TimeSpan.FromSeconds(30), "1,000 reads");
        double readsMs = Figures.Ms(readsStart, Stopwatch.GetTimestamp());
        bool finishedWhileHeld = !writer.IsCompleted;
        await writer.Within(TimeSpan.FromSeconds(10), "the writer");

        Figures.RecordLatencies("read latency while the writer holds BEGIN IMMEDIATE (4 reader tasks)", latencies.ToArray());
        Figures.RecordMs($"{Reads} reads took (writer held 1 s; finished while held: {finishedWhileHeld})", readsMs);

        Assert.Empty(errors);
        Assert.Equal(Reads, latencies.Count);
        Assert.Equal(0, dirty);
        double p99 = Figures.Percentile(latencies.Order().ToArray(), 0.99);

        // A read blocked by the writer would wait for its 1 s hold; 500 ms is far above a healthy read on a noisy machine.
        Assert.True(p99 < 500, $"p99 read latency {p99:0.0} ms while the writer held its transaction");
        Assert.Equal(101, await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM items")), Ct));
    }
}
