using SQLitePCL;

namespace Holon.Data.Watching;

/// <summary>
/// Notices commits made outside the pool. <c>PRAGMA data_version</c> on a connection changes only when
/// <em>another</em> connection commits; the pool's readers never write, so checking it on the writer sees
/// exactly the outside commits, never the pool's own.
/// </summary>
internal sealed class DataVersionPoller
{
    private readonly SqlitePool _pool;
    private readonly ChangeHub _hub;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private long _lastVersion = -1;

    public DataVersionPoller(SqlitePool pool, ChangeHub hub, TimeSpan interval)
    {
        _pool = pool;
        _hub = hub;
        _interval = interval;
    }

    public void Start()
    {
        // The first watch may start inside a flow that holds the writer lease; the poller must not inherit that
        // flow (the pool would take its writer rent for re-entrancy and refuse it).
        using (ExecutionContext.SuppressFlow()) _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            bool first = true;
            while (first || await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                first = false;
                if (_hub.Registrations == 0 && _hub.Subscribers == 0)
                {
                    _lastVersion = -1; // nobody listens; start from a fresh baseline later
                    continue;
                }
                try
                {
                    await PollOnceAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // A timeout (the writer was busy for a whole AcquireTimeout) or a broken writer connection:
                    // the pool replaces it; try again next tick rather than stop noticing outside changes.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal async Task PollOnceAsync()
    {
        long version;
        var lease = await _pool.RentWriterAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            version = Read(lease.Live.Db);
        }
        finally
        {
            lease.Dispose();
        }
        long last = _lastVersion;
        _lastVersion = version;
        // Without a baseline (first poll, or the first since listeners came back) an outside commit that landed
        // after a watch's first read but before this poll cannot be told apart: count it as a change, so every
        // watch reads once more after the baseline and nothing is missed.
        if (last < 0 || version != last) _hub.PublishExternal();
    }

    private static long Read(sqlite3 db)
    {
        // A transient statement on the raw handle: the pool's statement path would mark the connection as
        // PRAGMA-touched and re-apply its baseline PRAGMAs on every return.
        int rc = raw.sqlite3_prepare_v2(db, "PRAGMA data_version", out var stmt);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK || raw.sqlite3_step(stmt) != raw.SQLITE_ROW) return -1;
            return raw.sqlite3_column_int64(stmt, 0);
        }
    }

    public void Stop() => _stop.Cancel();
}
