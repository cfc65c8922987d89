namespace Holon.Data;

public sealed partial class SqlitePool
{
    /// <summary>Runs <paramref name="work"/> on the writer inside one <c>BEGIN IMMEDIATE</c> transaction: commits when it completes, rolls back when it throws.</summary>
    public Task WriteAsync(Func<ConnectionLease, ValueTask> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(writer: true, work, static async (w, lease) => { await w(lease).ConfigureAwait(false); return true; }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on the writer inside one <c>BEGIN IMMEDIATE</c> transaction and returns its result.</summary>
    public Task<T> WriteAsync<T>(Func<ConnectionLease, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(writer: true, work, static (w, lease) => w(lease), cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on a reader inside one read transaction (a consistent snapshot).</summary>
    public Task ReadAsync(Func<ConnectionLease, ValueTask> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(writer: false, work, static async (w, lease) => { await w(lease).ConfigureAwait(false); return true; }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on a reader inside one read transaction and returns its result.</summary>
    public Task<T> ReadAsync<T>(Func<ConnectionLease, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(writer: false, work, static (w, lease) => w(lease), cancellationToken);
    }

    // One body for the four unit-of-work forms; the static adapters keep the non-generic ones closure-free.
    private async Task<T> InTransactionAsync<TWork, T>(bool writer, TWork work, Func<TWork, ConnectionLease, ValueTask<T>> run, CancellationToken cancellationToken)
    {
        var lease = writer ? await RentWriterAsync(cancellationToken).ConfigureAwait(false) : await RentReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = lease.BeginTransaction();
            var result = await run(work, lease).ConfigureAwait(false);
            tx.Commit();
            return result;
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>Synchronous <see cref="WriteAsync{T}(Func{ConnectionLease, ValueTask{T}}, CancellationToken)"/>.</summary>
    public T Write<T>(Func<ConnectionLease, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransaction(RentWriter(), work, static (w, lease) => w(lease));
    }

    /// <summary>Synchronous <see cref="WriteAsync(Func{ConnectionLease, ValueTask}, CancellationToken)"/>.</summary>
    public void Write(Action<ConnectionLease> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        InTransaction(RentWriter(), work, static (w, lease) => { w(lease); return true; });
    }

    /// <summary>Synchronous <see cref="ReadAsync{T}(Func{ConnectionLease, ValueTask{T}}, CancellationToken)"/>.</summary>
    public T Read<T>(Func<ConnectionLease, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransaction(RentReader(), work, static (w, lease) => w(lease));
    }

    private static T InTransaction<TWork, T>(ConnectionLease rented, TWork work, Func<TWork, ConnectionLease, T> run)
    {
        using var lease = rented;
        using var tx = lease.BeginTransaction();
        var result = run(work, lease);
        tx.Commit();
        return result;
    }
}
