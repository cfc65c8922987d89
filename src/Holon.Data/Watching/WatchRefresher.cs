namespace Holon.Data.Watching;

/// <summary>
/// Runs one watch refresh: waits for a refresh slot (at most <see cref="SqlitePoolOptions.MaxConcurrentWatchRefreshes"/>
/// at once, never more than the readers), rents a reader for this run only, learns the read set when it is unknown or
/// stale, steps the statement and returns the reader. A refresh cancelled by its watch, or overtaken by the pool's
/// dispose, reports no value instead of throwing; SQL errors reach the watch.
/// </summary>
internal sealed class WatchRefresher(SqlitePool pool, ChangeHub hub)
{
    private readonly SemaphoreSlim _slots = new(Slots(pool.Options), Slots(pool.Options));

    public async ValueTask<(bool Ok, TResult Value)> RefreshAsync<TArgs, TResult>(
        WatchRegistration registration,
        WatchKey<TArgs, TResult> key,
        CancellationToken cancellationToken)
    {
        var slots = _slots;
        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        long sequenceAtStart = hub.Sequence;
        try
        {
            return await RunOnReaderAsync(registration, key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await PaceAsync(sequenceAtStart, cancellationToken).ConfigureAwait(false);
            slots.Release();
        }
    }

    private async ValueTask<(bool Ok, TResult Value)> RunOnReaderAsync<TArgs, TResult>(
        WatchRegistration registration,
        WatchKey<TArgs, TResult> key,
        CancellationToken cancellationToken)
    {
        ConnectionLease lease;
        try
        {
            lease = await pool.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        catch (ObjectDisposedException) when (pool.IsDisposed)
        {
            return default;
        }
        try
        {
            if (registration.NeedsReadSet) LearnReadSet(registration, lease, key.Definition);
            using var statement = lease.Statement(key.Definition, cancellationToken);
            key.Bind?.Invoke(statement, key.Args);
            var value = key.Read(statement);
            Interlocked.Increment(ref hub.Refreshes);
            return (true, value);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        finally
        {
            lease.Dispose();
        }
    }

    private void LearnReadSet(WatchRegistration registration, ConnectionLease lease, StatementDefinition definition)
    {
        int generation = hub.SchemaGeneration;
        var tables = ReadSetLearner.Learn(lease.Live.Db, definition.Sql, definition.Origin);
        Interlocked.Increment(ref hub.ReadSetsLearned);
        registration.SetReadSet(tables, generation);
    }

    /// <summary>
    /// The writer committed while this refresh ran: it is busy. Pause the refresher (holding the slot, not a
    /// connection) so back-to-back readers do not slow a burst of writes; an isolated commit is never delayed.
    /// </summary>
    private async ValueTask PaceAsync(long sequenceAtStart, CancellationToken cancellationToken)
    {
        var pacing = pool.Options.WatchRefreshPacing;
        if (pacing <= TimeSpan.Zero || hub.Sequence == sequenceAtStart || cancellationToken.IsCancellationRequested) return;
        try
        {
            await Task.Delay(pacing, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int Slots(SqlitePoolOptions options) => Math.Min(options.MaxConcurrentWatchRefreshes, options.MaxReaders);
}
