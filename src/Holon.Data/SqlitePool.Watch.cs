using System.Runtime.CompilerServices;
using Holon.Data.Watching;
using SQLitePCL;

namespace Holon.Data;

// Watches and the change stream. The pool calls in at two points: AttachChangeTracking (the connection factory
// set up a writer; the tracker it returns is owned by that writer connection, which tells it when a statement starts,
// a COMMIT returns or its lease is reset) and StopChangeTracking (pool disposed).
public sealed partial class SqlitePool
{
    private readonly ChangeHub _changeHub = new();
    private ChangeTracker? _changeTracker;
    private WatchRefresher? _watchRefresher;
    private DataVersionPoller? _dataVersionPoller;
    private ChangeStream? _changeStream;
    private int _pollerStarted;
    private readonly Dictionary<object, SharedWatchCore> _sharedWatches = [];
    private Internal.WatchMetrics? _watchMetrics;

    /// <summary>
    /// The stream of committed write transactions made through this pool's writer: one <see cref="ChangeSet"/>
    /// per transaction, in commit order, with its tables and (table, operation, rowid) row changes. Rolled-back
    /// transactions never appear. Each enumeration subscribes when it starts and sees the commits after that.
    /// A subscriber that falls behind never slows the writer: it has a buffer of
    /// <see cref="SqlitePoolOptions.ChangeBufferCapacity"/> items, and on overflow it receives one
    /// <see cref="ChangeSetKind.MissedChanges"/> marker ("re-read") after the items it had. With
    /// <see cref="SqlitePoolOptions.DataVersionPollInterval"/> set, commits made outside the pool appear as
    /// <see cref="ChangeSetKind.ExternalChange"/>. The enumeration ends, without an exception, when its token is cancelled
    /// or the pool is disposed (<see cref="Dispose"/> and <see cref="DisposeAsync"/> alike); <c>GetAsyncEnumerator</c> on a
    /// disposed pool throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <remarks>
    /// SQLite does not report individual row changes to <c>WITHOUT ROWID</c> tables: such a commit is flagged
    /// <see cref="ChangeSet.HasUnreportedChanges"/> (every watch refreshes). Rows deleted by <c>REPLACE</c>
    /// conflict resolution are not listed. Schema statements are listed in <see cref="ChangeSet.SchemaChanges"/>.
    /// A commit is published when its <c>COMMIT</c> returns through <see cref="LeaseTransaction.Commit"/>, when the
    /// writer lease is returned, or at the writer's next row change, whichever comes first.
    /// </remarks>
    public IAsyncEnumerable<ChangeSet> Changes => _changeStream ??= new ChangeStream(this);

    /// <summary>A snapshot of the watch and change-stream counters.</summary>
    public WatchStatistics WatchStatistics
    {
        get
        {
            var h = _changeHub;
            var w = h.Watches;
            return new WatchStatistics(
                Volatile.Read(ref w.Subscribers), h.Subscribers, Interlocked.Read(ref h.ChangeSetsPublished), Interlocked.Read(ref h.Refreshes),
                Interlocked.Read(ref w.Emissions), Interlocked.Read(ref w.SkippedEqual), Interlocked.Read(ref h.ReadSetsLearned),
                Interlocked.Read(ref h.Overflows), Interlocked.Read(ref h.ExternalChanges))
            {
                Registrations = h.Registrations,
                CoalescedRefreshes = Interlocked.Read(ref w.CoalescedRefreshes),
            };
        }
    }

    /// <summary>
    /// Watches a query: the enumeration yields its result at once, then a fresh result after every committed write
    /// transaction that touched a table or view the query reads (learned from SQLite's authorizer when the query is
    /// compiled, and re-learned after schema changes). This is what <c>[Watch]</c> methods call.
    /// </summary>
    /// <remarks>
    /// Watches with the same <paramref name="definition"/> (the same instance), equal <paramref name="args"/>
    /// (<see cref="EqualityComparer{T}.Default"/>: value equality for strings, numbers and tuples, reference equality
    /// for other classes), the same delegates and the same comparer share one registration: one refresh per change
    /// and one result, handed to every subscriber; each enumeration starts with the current result and ends on its
    /// own cancellation; the last one to end frees the registration. A commit reaches only the registrations whose
    /// query reads a table it changed. A subscriber that has not asked for its next result causes no refresh; when it
    /// asks, it gets the newest result (intermediate ones are dropped).
    /// No connection is held between emissions: each refresh rents a reader, runs the prepared statement and
    /// returns the reader; at most <see cref="SqlitePoolOptions.MaxConcurrentWatchRefreshes"/> (never more than the
    /// readers) run at once, and the writer never waits for one. Commits that arrive while a refresh runs cause exactly one more refresh. A result equal
    /// to the previous emission (per <paramref name="comparer"/>; by default <see cref="EqualityComparer{T}.Default"/>,
    /// which for a class without value equality compares references, so every refresh yields) is not yielded. The enumeration ends, without an
    /// exception, when <paramref name="cancellationToken"/> (or the token given to <c>WithCancellation</c>) is
    /// cancelled, when the enumerator is disposed, or when the pool is disposed (<see cref="Dispose"/> and
    /// <see cref="DisposeAsync"/> alike). An enumeration whose first <c>MoveNextAsync</c> comes after the pool was
    /// disposed throws <see cref="ObjectDisposedException"/>, as a rent does. SQL errors surface from <c>MoveNextAsync</c>.
    /// </remarks>
    /// <typeparam name="TArgs">What <paramref name="bind"/> needs (the method's arguments); lets the delegates be static.</typeparam>
    /// <typeparam name="TResult">One emission: a list, a row, or a scalar.</typeparam>
    /// <param name="definition">The watched SELECT.</param>
    /// <param name="args">Passed to <paramref name="bind"/> on every refresh.</param>
    /// <param name="bind">Binds the parameters, or null when there are none.</param>
    /// <param name="read">Steps the bound statement and builds one result.</param>
    /// <param name="comparer">Decides whether a result equals the previous one; null: <see cref="EqualityComparer{T}.Default"/>. Use <see cref="ListComparer{T}.Default"/> for lists.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    public IAsyncEnumerable<TResult> Watch<TArgs, TResult>(
        StatementDefinition definition,
        TArgs args,
        Action<PreparedStatement, TArgs>? bind,
        Func<PreparedStatement, TResult> read,
        IEqualityComparer<TResult>? comparer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(read);
        return new WatchEnumerable<TArgs, TResult>(this, new WatchKey<TArgs, TResult>(definition, args, bind, read, comparer ?? EqualityComparer<TResult>.Default), cancellationToken);
    }

    /// <summary>Joins the shared watch for <paramref name="key"/>, creating (and registering) it for the first subscriber.</summary>
    internal SharedWatch<TArgs, TResult> JoinSharedWatch<TArgs, TResult>(WatchKey<TArgs, TResult> key)
    {
        if (Volatile.Read(ref _disposed) != 0) throw CreateDisposedException();
        SharedWatch<TArgs, TResult> shared;
        lock (_sharedWatches)
        {
            if (_sharedWatches.TryGetValue(key, out var existing) && ((SharedWatch<TArgs, TResult>)existing).TryJoin())
            {
                return (SharedWatch<TArgs, TResult>)existing;
            }
            shared = new SharedWatch<TArgs, TResult>(this, _changeHub, key);
            _sharedWatches[key] = shared;
        }
        EnsureDataVersionPolling();
        _watchMetrics ??= new Internal.WatchMetrics(this, _changeHub);
        if (Volatile.Read(ref _disposed) != 0) shared.End(null);
        return shared;
    }

    /// <summary>A subscriber left; true when it was the last one (the shared watch then stops).</summary>
    internal bool LeaveSharedWatch<TArgs, TResult>(WatchKey<TArgs, TResult> key, SharedWatchCore<TResult> shared)
    {
        lock (_sharedWatches)
        {
            if (!shared.Leave()) return false;
            if (_sharedWatches.TryGetValue(key, out var current) && ReferenceEquals(current, shared)) _sharedWatches.Remove(key);
            return true;
        }
    }

    /// <summary>A shared watch failed: new subscribers get a fresh registration.</summary>
    internal void ForgetSharedWatch(object key, SharedWatchCore shared)
    {
        lock (_sharedWatches)
        {
            if (_sharedWatches.TryGetValue(key, out var current) && ReferenceEquals(current, shared)) _sharedWatches.Remove(key);
        }
    }

    /// <summary>Runs one refresh of a shared watch (see <see cref="WatchRefresher"/>).</summary>
    internal ValueTask<(bool Ok, TResult Value)> RefreshAsync<TArgs, TResult>(
        WatchRegistration registration, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken) =>
        WatchRefresher.RefreshAsync(registration, key, cancellationToken);

    // One refresher per pool: its slots bound the readers all watches use at once.
    private WatchRefresher WatchRefresher
    {
        get
        {
            var refresher = Volatile.Read(ref _watchRefresher);
            if (refresher is not null) return refresher;
            var created = new WatchRefresher(this, _changeHub);
            return Interlocked.CompareExchange(ref _watchRefresher, created, null) ?? created;
        }
    }

    /// <summary>True once <see cref="Dispose"/> or <see cref="DisposeAsync"/> has begun.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private void EnsureDataVersionPolling()
    {
        if (Options.DataVersionPollInterval is not { } interval || IsInMemory) return;
        if (Interlocked.Exchange(ref _pollerStarted, 1) != 0) return;
        var poller = new DataVersionPoller(this, _changeHub, interval);
        _dataVersionPoller = poller;
        poller.Start();
        if (Volatile.Read(ref _disposed) != 0) poller.Stop();
    }

    private ChangeSubscription SubscribeChanges(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0) throw CreateDisposedException();
        var subscription = _changeHub.Subscribe(Options.ChangeBufferCapacity, cancellationToken);
        EnsureDataVersionPolling();
        return subscription;
    }

    /// <summary>Hook: the connection factory set up a writer; install the change hooks on it and hand it the tracker.</summary>
    private ChangeTracker AttachChangeTracking(sqlite3 db)
    {
        var tracker = _changeTracker ??= new ChangeTracker(_changeHub);
        tracker.Attach(db);
        return tracker;
    }

    /// <summary>Hook: the pool is disposing; end change streams and watches, stop polling.</summary>
    private void StopChangeTracking()
    {
        _dataVersionPoller?.Stop();
        _changeHub.Complete();
        SharedWatchCore[] shared;
        lock (_sharedWatches) shared = [.. _sharedWatches.Values];
        foreach (var w in shared) w.End(null);
        _watchMetrics?.Dispose();
    }

    private sealed class ChangeStream(SqlitePool pool) : IAsyncEnumerable<ChangeSet>
    {
        public IAsyncEnumerator<ChangeSet> GetAsyncEnumerator(CancellationToken cancellationToken = default) => pool.SubscribeChanges(cancellationToken);
    }
}
