using System.Runtime.CompilerServices;
using Holon.Data;

// The "leak-writers" mode of the child: drops writer leases with open transactions, half on the calling flow and
// half on other flows, lets the collector find each one, then writes through the same pool. It runs as its own
// process so that the parent can see it exit normally: a native hook reaching a collected object kills the process.
//
// Usage: Holon.Data.CrashChild leak-writers <database path> <track|notrack> <count>
internal static class LeakedWriters
{
    public static int Run(string path, bool track, int count)
    {
        int leakEvents = 0, withSite = 0;
        var pool = new SqlitePool(new SqlitePoolOptions
        {
            ConnectionString = $"Data Source={path}",
            MaxReaders = 1,
            TrackLeaseOrigins = track,
            // A leaked writer not given back would make the next rent wait this long, then fail.
            AcquireTimeout = TimeSpan.FromSeconds(20),
        });
        pool.LeaseLeaked += (_, e) =>
        {
            if (!e.IsWriter) return;
            Interlocked.Increment(ref leakEvents);
            if (e.RentSite?.Contains(nameof(LeakOne), StringComparison.Ordinal) == true) Interlocked.Increment(ref withSite);
        };
        pool.Write(lease => lease.Execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, source TEXT NOT NULL)"));

        for (int i = 0; i < count; i++)
        {
            if (i % 2 == 0) LeakOne(pool, i);
            else Task.Run(() => LeakOne(pool, i)).Wait();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        for (int i = 0; i < 1000; i++)
        {
            int n = i;
            pool.Write(lease => lease.Execute("INSERT INTO t(source) VALUES (?1)", "write " + n));
        }

        var stats = pool.Statistics;
        long leakedRows = pool.Read(lease => lease.Scalar<long>("SELECT count(*) FROM t WHERE source LIKE 'leaked %'"));
        long writtenRows = pool.Read(lease => lease.Scalar<long>("SELECT count(*) FROM t WHERE source LIKE 'write %'"));
        pool.DisposeAsync().AsTask().Wait();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Console.WriteLine($"leaked={stats.LeasesLeaked} events={leakEvents} withSite={withSite} inUse={stats.ConnectionsInUse} leakedRows={leakedRows} writtenRows={writtenRows}");
        bool ok = stats.LeasesLeaked == count && leakEvents == count && (!track || withSite == count)
            && stats.ConnectionsInUse == 0 && leakedRows == 0 && writtenRows == 1000;
        Console.WriteLine(ok ? "ok" : "FAILED");
        return ok ? 0 : 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeakOne(SqlitePool pool, int i)
    {
        var lease = pool.RentWriter();
        lease.BeginTransaction();
        lease.Execute("INSERT INTO t(source) VALUES (?1)", "leaked " + i);
        // neither the transaction nor the lease is disposed
    }
}
