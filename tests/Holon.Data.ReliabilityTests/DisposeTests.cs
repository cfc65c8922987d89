using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

// These tests hold and return leases at chosen moments (to make waits, leaks and faults happen), so
// some leases are disposed explicitly rather than by a using declaration.
#pragma warning disable HOLON102

/// <summary>Promise 10: disposing a pool with leases out fails waiters, lets holders finish, then lets the file go.</summary>
public sealed class DisposeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task DisposeWithThreeLeasesOutAndFiveWaiters()
    {
        using var db = new TempDatabase();
        var pool = new SqlitePool(db.Options(maxReaders: 2));
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); return default; }, Ct);

        var writer = await OtherFlow.RentWriterAsync(pool);
        var reader1 = await pool.RentReaderAsync(Ct);
        var reader2 = await pool.RentReaderAsync(Ct);
        var waiters = new Task[]
        {
            pool.RentWriterAsync(Ct).AsTask(),
            pool.RentWriterAsync(Ct).AsTask(),
            pool.RentReaderAsync(Ct).AsTask(),
            pool.RentReaderAsync(Ct).AsTask(),
            pool.ReadAsync(l => ValueTask.FromResult(l.Scalar<long>("SELECT 1")), Ct),
        };
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        long t0 = Stopwatch.GetTimestamp();
        var disposing = pool.DisposeAsync().AsTask();
        foreach (var w in waiters)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => w).Within(TimeSpan.FromSeconds(2), "a waiter failing on dispose");
        }

        Figures.RecordMs("5 waiters failed after DisposeAsync within", Figures.Ms(t0, Stopwatch.GetTimestamp()));

        // New rents fail at once, in every form.
        Assert.Throws<ObjectDisposedException>(() => pool.RentWriter(TestContext.Current.CancellationToken));
        Assert.Throws<ObjectDisposedException>(() => pool.RentReader(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentReaderAsync(Ct).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.WriteAsync(_ => default, Ct));

        // Outstanding leases keep working until they are returned.
        writer.Execute("INSERT INTO items(v) VALUES ('written after dispose began')");
        Assert.Equal(1, reader1.Scalar<long>("SELECT count(*) FROM items"));
        Assert.Equal(1, reader2.Scalar<long>("SELECT count(*) FROM items"));
        await writer.DisposeAsync();
        await reader1.DisposeAsync();
        Assert.Equal(1, reader2.Scalar<long>("SELECT count(*) FROM items"));
        await reader2.DisposeAsync();

        await disposing.Within(TimeSpan.FromSeconds(5), "DisposeAsync after the last lease returned");
        Assert.Equal(0, pool.Statistics.ConnectionsOpen);
        pool.Dispose(); // a second dispose is harmless

        // No descriptor of this process points into the folder any more (Linux deletes open files happily,
        // so a successful delete alone proves nothing).
        if (OpenFiles.CanInspect) Assert.Empty(OpenFiles.Under(db.Folder));
        foreach (var file in Directory.GetFiles(db.Folder)) File.Delete(file);
        Assert.Empty(Directory.GetFiles(db.Folder));
    }

    [Fact(Timeout = 30_000)]
    public async Task SynchronousDisposeReleasesTheFileToo()
    {
        using var db = new TempDatabase();
        var pool = new SqlitePool(db.Options());
        await pool.WriteAsync(l => { l.Execute("CREATE TABLE t(x)"); return default; }, Ct);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => pool.ReadAsync(l => { l.Scalar<long>("SELECT count(*) FROM t"); return default; }, Ct)));
        pool.Dispose();

        if (OpenFiles.CanInspect) Assert.Empty(OpenFiles.Under(db.Folder));
        using (var plain = db.OpenPlain())
        {
            Assert.Equal("ok", TempDatabase.IntegrityCheck(plain));
        }
    }
}
