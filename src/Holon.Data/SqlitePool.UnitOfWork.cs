namespace Holon.Data;

public sealed partial class SqlitePool
{
    /// <summary>Runs <paramref name="work"/> on the writer inside one <c>BEGIN IMMEDIATE</c> transaction: commits when it completes, rolls back when it throws.</summary>
    public async Task WriteAsync(Func<ConnectionLease, ValueTask> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await RentWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = lease.BeginTransaction();
            await work(lease).ConfigureAwait(false);
            tx.Commit();
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the writer inside one <c>BEGIN IMMEDIATE</c> transaction and returns its result.</summary>
    public async Task<T> WriteAsync<T>(Func<ConnectionLease, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await RentWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = lease.BeginTransaction();
            var result = await work(lease).ConfigureAwait(false);
            tx.Commit();
            return result;
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a reader inside one read transaction (a consistent snapshot).</summary>
    public async Task ReadAsync(Func<ConnectionLease, ValueTask> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await RentReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = lease.BeginTransaction();
            await work(lease).ConfigureAwait(false);
            tx.Commit();
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a reader inside one read transaction and returns its result.</summary>
    public async Task<T> ReadAsync<T>(Func<ConnectionLease, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await RentReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = lease.BeginTransaction();
            var result = await work(lease).ConfigureAwait(false);
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
        using var lease = RentWriter();
        using var tx = lease.BeginTransaction();
        var result = work(lease);
        tx.Commit();
        return result;
    }

    /// <summary>Synchronous <see cref="WriteAsync(Func{ConnectionLease, ValueTask}, CancellationToken)"/>.</summary>
    public void Write(Action<ConnectionLease> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var lease = RentWriter();
        using var tx = lease.BeginTransaction();
        work(lease);
        tx.Commit();
    }

    /// <summary>Synchronous <see cref="ReadAsync{T}(Func{ConnectionLease, ValueTask{T}}, CancellationToken)"/>.</summary>
    public T Read<T>(Func<ConnectionLease, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var lease = RentReader();
        using var tx = lease.BeginTransaction();
        var result = work(lease);
        tx.Commit();
        return result;
    }
}
