using System.Collections.Concurrent;
using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Holon.Data.ReliabilityTests;

/// <summary>
/// Promise 2: 64 tasks, 80% reads and 20% writes on 1 writer and 4 readers. No BUSY/LOCKED reaches a caller,
/// nothing acknowledged is lost, every read sees a consistent snapshot, the connection bound holds.
/// </summary>
public sealed class MixedStressTests
{
    private const int Accounts = 16;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task MixedLoadKeepsInvariantsAndLosesNothing()
    {
        var duration = ReliabilityMode.Pick(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        using var db = new TempDatabase();
        int physicalConnections = 0;
        var options = db.Options(maxReaders: 4);
        options.OnConnectionCreated = _ => Interlocked.Increment(ref physicalConnections);
        await using var pool = new SqlitePool(options);

        await pool.WriteAsync(l =>
        {
            l.Execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            l.Execute("CREATE TABLE ledger(id INTEGER PRIMARY KEY AUTOINCREMENT, worker INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL)");
            l.Execute("CREATE TABLE meta(id INTEGER PRIMARY KEY CHECK (id = 1), writes INTEGER NOT NULL)");
            l.Execute("INSERT INTO meta(id, writes) VALUES (1, 0)");
            for (int i = 0; i < Accounts; i++) l.Execute("INSERT INTO accounts(id, balance) VALUES (?1, 0)", i);
            return default;
        }, Ct);

        long acknowledged = 0, reads = 0, writes = 0;
        int readersNow = 0, writersNow = 0, maxReadersSeen = 0, maxWritersSeen = 0, maxOpenSeen = 0;
        var busy = new ConcurrentQueue<string>();
        var violations = new ConcurrentQueue<string>();
        var otherErrors = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource(duration);

        async Task Worker(int worker)
        {
            var rng = new Random(worker * 7919 + 1);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (rng.Next(100) < 20)
                    {
                        int from = rng.Next(Accounts), to = rng.Next(Accounts);
                        long amount = rng.Next(1, 1000);
                        await pool.WriteAsync(l =>
                        {
                            TrackMax(ref writersNow, ref maxWritersSeen);
                            try
                            {
                                // A transfer: the sum of balances stays 0, and meta.writes counts ledger rows.
                                l.Execute("UPDATE accounts SET balance = balance - ?1 WHERE id = ?2", amount, from);
                                l.Execute("UPDATE accounts SET balance = balance + ?1 WHERE id = ?2", amount, to);
                                l.Execute("INSERT INTO ledger(worker, amount, note) VALUES (?1, ?2, ?3)", worker, amount, "transfer");
                                l.Execute("UPDATE meta SET writes = writes + 1 WHERE id = 1");
                            }
                            finally
                            {
                                Interlocked.Decrement(ref writersNow);
                            }

                            return default;
                        }, Ct);
                        Interlocked.Increment(ref acknowledged);
                        Interlocked.Increment(ref writes);
                    }
                    else
                    {
                        await pool.ReadAsync(l =>
                        {
                            TrackMax(ref readersNow, ref maxReadersSeen);
                            try
                            {
                                long sum = l.Scalar<long>("SELECT coalesce(sum(balance), 0) FROM accounts");
                                long rows = l.Scalar<long>("SELECT count(*) FROM ledger");
                                long counted = l.Scalar<long>("SELECT writes FROM meta WHERE id = 1");
                                if (sum != 0) violations.Enqueue($"sum of balances = {sum}");
                                if (rows != counted) violations.Enqueue($"ledger rows {rows} != meta.writes {counted}");
                            }
                            finally
                            {
                                Interlocked.Decrement(ref readersNow);
                            }

                            return default;
                        }, Ct);
                        Interlocked.Increment(ref reads);
                    }

                    int open = pool.Statistics.ConnectionsOpen;
                    int seen;
                    while (open > (seen = Volatile.Read(ref maxOpenSeen)) && Interlocked.CompareExchange(ref maxOpenSeen, open, seen) != seen)
                    {
                    }
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 || (e.SqliteErrorCode & 0xFF) is 5 or 6)
                {
                    busy.Enqueue(e.Message);
                }
                catch (Exception e)
                {
                    otherErrors.Enqueue(e);
                }
            }
        }

        var sw = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(() => Worker(i), Ct)).ToArray();
        await Task.WhenAll(tasks).Within(duration + TimeSpan.FromSeconds(60), "the stress workers");
        sw.Stop();

        Figures.Record("mixed stress", $"{sw.Elapsed.TotalSeconds:0.0} s, {reads} reads, {writes} writes, {(reads + writes) / sw.Elapsed.TotalSeconds:0} ops/s, max connections open {maxOpenSeen}, physical connections created {physicalConnections}");

        Assert.Empty(otherErrors);
        Assert.Empty(busy);
        Assert.Empty(violations);
        Assert.True(writes > 0 && reads > 0, $"no mix: {reads} reads, {writes} writes");
        Assert.True(maxWritersSeen <= 1, $"{maxWritersSeen} writers at once");
        Assert.True(maxReadersSeen <= 4, $"{maxReadersSeen} readers at once");
        Assert.True(maxOpenSeen <= 5, $"{maxOpenSeen} connections open at once");
        Assert.True(physicalConnections <= 5, $"{physicalConnections} physical connections created");
        Assert.True(pool.Statistics.ConnectionsCreated <= 5, $"ConnectionsCreated = {pool.Statistics.ConnectionsCreated}");

        long stored = await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT count(*) FROM ledger")), Ct);
        Assert.Equal(acknowledged, stored);
        string integrity = await pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<string>("PRAGMA integrity_check") ?? "<null>"), Ct);
        Assert.Equal("ok", integrity);
    }

    private static void TrackMax(ref int now, ref int max)
    {
        int value = Interlocked.Increment(ref now);
        int seen;
        while (value > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, value, seen) != seen)
        {
        }
    }
}
