using System.Runtime.InteropServices;
using SQLitePCL;

namespace Holon.Data.Internal;

// Closing a connection, and what a dropped lease leaves to the finalizer. Its SQLite objects (the sqlite3 handle, its statements, the targets of its hooks and authorizer) are
// rooted by a GC handle for as long as the handle is open. So when a lease is dropped, this object is the only one
// the collector can find, and its finalizer closes the handle in order: transaction rolled back while the hooks
// still work, hooks unregistered, statements finalized, handle closed. No native callback can then reach an object
// whose GC handle a finalizer has already freed.
internal sealed partial class PhysicalConnection
{
    private GCHandle _nativeRoot;

    public void Dispose()
    {
        if (!CloseHandle()) return;
        Pool.OnConnectionClosed(this);
    }

    /// <summary>
    /// A lease of this connection was dropped without Dispose (called from the finalizer): publishes what it
    /// committed, rolls back what it left open and closes the handle. Counting and reporting are the pool's.
    /// </summary>
    public void CloseLeaked()
    {
        try
        {
            ResetForReuse();
        }
        catch (Exception)
        {
            // A watch subscriber threw while its commit was published; closing below still rolls back.
        }
        CloseHandle();
    }

    /// <summary>Closes the handle in the one safe order; false when it was already closed.</summary>
    private bool CloseHandle()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return false;
        GC.SuppressFinalize(this);
        try
        {
            if (!Db.IsClosed && !Db.IsInvalid)
            {
                // Roll back while the hooks and their targets are alive, so the rollback hook runs now, not from a
                // statement finalizer after the handle closed; then no hook is left to call.
                if (raw.sqlite3_get_autocommit(Db) == 0) raw.sqlite3_exec(Db, "ROLLBACK");
                UnregisterHooks(Db);
            }
            foreach (var s in _byDefinition) s?.Destroy();
            _adHoc.DestroyAll();
            foreach (var s in _inUse) s.Destroy();
            _inUse.Clear();
        }
        catch (Exception)
        {
            // A broken handle may refuse to finalize statements; closing below still releases the file.
        }

        try
        {
            Connection.Dispose();
        }
        catch (Exception)
        {
            // Closing must not fail a return or a finalizer; the handle is released by SQLite's close_v2.
        }
        finally
        {
            if (_nativeRoot.IsAllocated) _nativeRoot.Free();
        }
        return true;
    }

    private static void UnregisterHooks(sqlite3 db)
    {
        raw.sqlite3_update_hook(db, (delegate_update?)null, null);
        raw.sqlite3_commit_hook(db, null, null);
        raw.sqlite3_rollback_hook(db, null, null);
        raw.sqlite3_set_authorizer(db, (delegate_authorizer?)null, null);
    }

    ~PhysicalConnection()
    {
        // Only a rented connection is unreachable while its pool lives: its lease leaked. An idle one is unreachable
        // only with its whole pool, dropped undisposed; its handle is closed all the same (nothing else would).
        if (IsDisposed) return;
        if (IsRented)
        {
            Pool.OnLeaked(this);
            return;
        }
        try
        {
            Dispose();
        }
        catch (Exception)
        {
            // Never throw on the finalizer thread.
        }
    }

}
