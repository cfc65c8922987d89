using System.Data.Common;
using System.Runtime.CompilerServices;
using Holon.Data.Npgsql.Changes;
using Holon.Data.Npgsql.Watching;
using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// The live queries (<c>[Watch]</c> methods) of one PostgreSQL data source: one per data source
/// (<see cref="For"/>), whatever the number of watches. It holds one <see cref="NpgsqlChangeFeed"/>, so one
/// replication connection and one temporary slot, started with the first watch; it learns each watched query's tables
/// from the server's plan, adds them to its publication, and refreshes a query after each committed transaction
/// that changed one of them.
/// </summary>
/// <remarks>
/// The rules are SQLite's (<see cref="SqlitePool.Watch{TArgs, TResult}"/>): watches of the same definition with equal
/// arguments share one registration and one refresh; a registration refreshes only while a subscriber waits for a
/// newer result (latest wins); a result equal to the previous one is not yielded; each enumeration ends on its own
/// cancellation; the counters are on the <c>Holon.Data</c> meter under the same names. A refresh runs on a
/// connection of its own, on a standby when the data source has one: it first waits until the standby has replayed
/// the commit that woke it, up to <see cref="NpgsqlWatchOptions.StandbyWaitBound"/>, and then reads from the primary,
/// so no subscriber gets a result older than the change that woke it. The temporary slot is dropped by the server
/// when the replication connection ends, also when the process dies. Dispose the watcher on shutdown (watches in
/// progress end without an exception); if the replication connection fails, every watch throws it.
/// </remarks>
public sealed class NpgsqlWatcher : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<NpgsqlDataSource, NpgsqlWatcher> s_watchers = new();
    private static readonly object s_lock = new();

    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlWatchOptions _options;
    private readonly WatchCounters _counters = new();
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<object, IRegisteredWatch> _shared = [];
    private readonly object _indexLock = new();
    private readonly HashSet<uint> _publishedTables = [];   // by OID: a table created again under its old name is new
    private readonly SemaphoreSlim _publicationLock = new(1, 1);
    private Dictionary<string, WatchRegistration[]> _index = new(StringComparer.Ordinal);
    private readonly Lock _feedLock = new();
    private Task<NpgsqlChangeFeed>? _feed;
    private Task _feedPump = Task.CompletedTask;
    private Task _schemaCheck = Task.CompletedTask;
    private readonly CancellationTokenSource _stopping = new();
    private Exception? _feedFailure;
    private WatchMeter? _meter;
    private int _disposed;

    private NpgsqlWatcher(NpgsqlDataSource source, NpgsqlWatchOptions options)
    {
        _source = source;
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrentRefreshes, options.MaxConcurrentRefreshes);
    }

    /// <summary>The watcher of <paramref name="dataSource"/>, created with default options on first use. Generated <c>[Watch]</c> methods call this.</summary>
    /// <param name="dataSource">The class's data source (for a multi-host source, the one with the standbys).</param>
    public static NpgsqlWatcher For(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (s_watchers.TryGetValue(dataSource, out var existing)) return existing;
        lock (s_lock) return s_watchers.GetValue(dataSource, static d => new NpgsqlWatcher(d, new NpgsqlWatchOptions()));
    }

    /// <summary>Sets the options of <paramref name="dataSource"/>'s watcher; call it before the first watch (at startup).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="options">Publication, replication connection string, standby wait bound, refresh concurrency.</param>
    /// <exception cref="InvalidOperationException">The data source's watcher already exists.</exception>
    /// <exception cref="ArgumentException">An option is invalid (named, with its value).</exception>
    public static NpgsqlWatcher Configure(NpgsqlDataSource dataSource, NpgsqlWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxConcurrentRefreshes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentRefreshes,
                $"NpgsqlWatcher.Configure: NpgsqlWatchOptions.MaxConcurrentRefreshes must be at least 1 (got {options.MaxConcurrentRefreshes}).");
        }
        if (options.SchemaCheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SchemaCheckInterval,
                $"NpgsqlWatcher.Configure: NpgsqlWatchOptions.SchemaCheckInterval must be positive (got {options.SchemaCheckInterval}).");
        }
        if (options.StandbyWaitBound < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StandbyWaitBound,
                $"NpgsqlWatcher.Configure: NpgsqlWatchOptions.StandbyWaitBound must not be negative (got {options.StandbyWaitBound}).");
        }
        lock (s_lock)
        {
            if (s_watchers.TryGetValue(dataSource, out _))
            {
                throw new InvalidOperationException(
                    "NpgsqlWatcher.Configure: this data source's watcher already exists (a watch started or Configure ran before); configure it once, before the first watch.");
            }
            var watcher = new NpgsqlWatcher(dataSource, options);
            s_watchers.Add(dataSource, watcher);
            return watcher;
        }
    }

    /// <summary>The temporary replication slot of the watcher's feed; null before the first watch started it.</summary>
    public string? SlotName => _feed is { IsCompletedSuccessfully: true } f ? f.Result.SlotName : null;

    /// <summary>The publication the watcher streams.</summary>
    public string Publication => _options.Publication;

    /// <summary>Refreshes that read from the primary because a standby had not replayed the triggering commit within the bound.</summary>
    public long PrimaryFallbacks => Interlocked.Read(ref _counters.PrimaryFallbacks);

    /// <summary>Refreshes on a standby that had to wait for it to replay the triggering commit (and then read there).</summary>
    public long StandbyWaits => Interlocked.Read(ref _counters.StandbyWaits);

    /// <summary>A snapshot of the watch counters (<see cref="WatchStatistics.ChangeSetsPublished"/>: commits received from the feed).</summary>
    public WatchStatistics Statistics
    {
        get
        {
            var c = _counters;
            long overflows = _feed is { IsCompletedSuccessfully: true } f ? f.Result.Overflows : 0;
            return new WatchStatistics(Volatile.Read(ref c.Subscribers), 0, Interlocked.Read(ref c.ChangeSetsReceived),
                Interlocked.Read(ref c.Refreshes), Interlocked.Read(ref c.Emissions), Interlocked.Read(ref c.SkippedEqual),
                Interlocked.Read(ref c.ReadSetsLearned), overflows, 0)
            {
                Registrations = Volatile.Read(ref c.Registrations),
                CoalescedRefreshes = Interlocked.Read(ref c.CoalescedRefreshes),
            };
        }
    }

    /// <summary>
    /// Watches a query: the enumeration yields its result at once, then a fresh result after every committed
    /// transaction that changed a table the query reads. This is what <c>[Watch]</c> methods call.
    /// </summary>
    /// <typeparam name="TArgs">What <paramref name="bind"/> needs (the method's arguments).</typeparam>
    /// <typeparam name="TResult">One emission: a list, a row, or a scalar.</typeparam>
    /// <param name="definition">The watched SELECT.</param>
    /// <param name="args">Passed to <paramref name="bind"/> on every refresh; equal arguments share a registration.</param>
    /// <param name="bind">Binds the parameters, or null when there are none.</param>
    /// <param name="read">Steps the bound statement and builds one result.</param>
    /// <param name="comparer">Decides whether a result equals the previous one; null: <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    public IAsyncEnumerable<TResult> Watch<TArgs, TResult>(
        StatementDefinition definition,
        TArgs args,
        Action<NpgsqlStatement, TArgs>? bind,
        Func<NpgsqlStatement, TResult> read,
        IEqualityComparer<TResult>? comparer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(read);
        return new WatchEnumerable<TArgs, TResult>(this, new WatchKey<TArgs, TResult>(definition, args, bind, read,
            comparer ?? EqualityComparer<TResult>.Default), cancellationToken);
    }

    internal SharedWatch<TArgs, TResult> Join<TArgs, TResult>(WatchKey<TArgs, TResult> key)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        SharedWatch<TArgs, TResult> shared;
        lock (_shared)
        {
            if (_shared.TryGetValue(key, out var existing) && ((SharedWatch<TArgs, TResult>)existing).TryJoin())
            {
                return (SharedWatch<TArgs, TResult>)existing;
            }
            shared = new SharedWatch<TArgs, TResult>(this, _counters, key);
            _shared[key] = shared;
        }
        _meter ??= new WatchMeter(_source, _counters);
        if (Volatile.Read(ref _disposed) != 0) shared.End(null);
        return shared;
    }

    internal bool Leave<TArgs, TResult>(WatchKey<TArgs, TResult> key, SharedWatch<TArgs, TResult> shared)
    {
        lock (_shared)
        {
            if (!shared.Leave()) return false;
            if (_shared.TryGetValue(key, out var current) && ReferenceEquals(current, shared)) _shared.Remove(key);
        }
        Unindex(shared.Registration);
        return true;
    }

    internal void Forget(object key, IRegisteredWatch shared)
    {
        lock (_shared)
        {
            if (_shared.TryGetValue(key, out var current) && ReferenceEquals(current, shared)) _shared.Remove(key);
        }
        Unindex(shared.Registration);
    }

    /// <summary>
    /// Runs one refresh: a slot, the feed, the read set (learned when unknown or stale), then the statement on a
    /// connection of its own. A schema error re-learns the read set and runs once more.
    /// </summary>
    internal async ValueTask<(bool Ok, TResult Value)> RefreshAsync<TArgs, TResult>(
        WatchRegistration registration, WatchKey<TArgs, TResult> key, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        try
        {
            await EnsureFeedAsync(cancellationToken).ConfigureAwait(false);
            for (int attempt = 0; ; attempt++)
            {
                if (registration.NeedsReadSet) await LearnAsync(registration, cancellationToken).ConfigureAwait(false);
                try
                {
                    return (true, await RunAsync(registration, key, cancellationToken).ConfigureAwait(false));
                }
                catch (DbException e) when (attempt == 0 && IsSchemaChange(e.SqlState))
                {
                    registration.MarkStale();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        finally
        {
            _slots.Release();
        }
    }

    // Undefined table or column, or a cached plan whose result type changed: the statement met a new schema.
    private static bool IsSchemaChange(string? sqlState) =>
        sqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.FeatureNotSupported;

    private async Task<TResult> RunAsync<TArgs, TResult>(WatchRegistration registration, WatchKey<TArgs, TResult> key, CancellationToken ct)
    {
        ulong lsn = registration.Lsn;
        var connection = await NpgsqlRoute.Query(_source).OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var caughtUp = lsn != 0 && _source is NpgsqlMultiHostDataSource
                ? await StandbyCatchUp.WaitAsync(connection, lsn, _options.StandbyWaitBound, ct).ConfigureAwait(false)
                : PollOutcome.AtOnce;
            if (caughtUp == PollOutcome.AfterWait) Interlocked.Increment(ref _counters.StandbyWaits);
            if (caughtUp == PollOutcome.TimedOut)
            {
                Interlocked.Increment(ref _counters.PrimaryFallbacks);
                await connection.DisposeAsync().ConfigureAwait(false);
                connection = await NpgsqlRoute.Query(_source, readFromPrimary: true).OpenConnectionAsync(ct).ConfigureAwait(false);
            }
            // The feed can decode a commit before the server shows it to new snapshots: wait until this one does.
            if (registration.Xid is var xid and not 0 && await CommitVisibility.WaitAsync(connection, xid, _options.StandbyWaitBound, ct)
                    .ConfigureAwait(false))
            {
                Interlocked.Increment(ref _counters.VisibilityWaits);
            }
            using var statement = new NpgsqlLease(connection).Statement(key.Definition, key.Definition.Origin, ct);
            key.Bind?.Invoke(statement, key.Args);
            var value = key.Read(statement);
            Interlocked.Increment(ref _counters.Refreshes);
            Interlocked.Increment(ref registration.Refreshes);
            return value;
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LearnAsync(WatchRegistration registration, CancellationToken ct)
    {
        await using var c = await NpgsqlRoute.Query(_source, readFromPrimary: true).OpenConnectionAsync(ct).ConfigureAwait(false);
        var tables = await ReadSetExplainer.LearnAsync(c, registration.Definition, ct).ConfigureAwait(false);
        await PublishAsync(c, tables, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _counters.ReadSetsLearned);
        var names = tables.Select(t => t.Name).ToArray();
        // Indexed before the statement runs, so a commit after the read is never missed (one before it costs a refresh).
        registration.SetReadSet(names);
        Index(registration, names);
    }

    /// <summary>Adds the tables to the publication (once each); the ALTER commits before the watch's first read.</summary>
    private async Task PublishAsync(NpgsqlConnection c, ReadSetExplainer.Table[] tables, CancellationToken ct)
    {
        await _publicationLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var missing = tables.Where(t => !_publishedTables.Contains(t.Oid)).ToList();
            if (missing.Count == 0) return;
            await PublicationSetup.EnsureAsync(c, _options.Publication, [.. missing.Select(t => t.RegClass)], ct).ConfigureAwait(false);
            foreach (var t in missing) _publishedTables.Add(t.Oid);
        }
        finally
        {
            _publicationLock.Release();
        }
    }

    private void Index(WatchRegistration registration, string[] tables)
    {
        lock (_indexLock)
        {
            var next = Without(_index, registration);
            foreach (var t in tables) next[t] = next.TryGetValue(t, out var list) ? [.. list, registration] : [registration];
            Volatile.Write(ref _index, next);
        }
    }

    private void Unindex(WatchRegistration registration)
    {
        lock (_indexLock) Volatile.Write(ref _index, Without(_index, registration));
    }

    private static Dictionary<string, WatchRegistration[]> Without(Dictionary<string, WatchRegistration[]> index, WatchRegistration r)
    {
        var next = new Dictionary<string, WatchRegistration[]>(index.Count + 1, StringComparer.Ordinal);
        foreach (var (table, list) in index)
        {
            var kept = Array.FindAll(list, x => !ReferenceEquals(x, r));
            if (kept.Length > 0) next[table] = kept;
        }
        return next;
    }

    /// <summary>Starts the feed once (creating the publication, empty, when missing), with one subscription that dispatches commits.</summary>
    private Task EnsureFeedAsync(CancellationToken ct)
    {
        if (_feedFailure is { } failure) throw failure;
        Task<NpgsqlChangeFeed> feed;
        lock (_feedLock)
        {
            if (_feed is null || _feed.IsFaulted || _feed.IsCanceled) _feed = StartFeedAsync();
            feed = _feed;
        }
        return feed.WaitAsync(ct);
    }

    private async Task<NpgsqlChangeFeed> StartFeedAsync()
    {
        string baseline;
        await using (var c = await NpgsqlRoute.Command(_source).OpenConnectionAsync().ConfigureAwait(false))
        {
            // Taken before any read set is learned, so a view redefined after a learn always moves it.
            baseline = (await SchemaFingerprintAsync(c, CancellationToken.None).ConfigureAwait(false)).Rules;
            try
            {
                await using var create = new NpgsqlCommand("CREATE PUBLICATION " + PublicationSetup.Quote(_options.Publication), c);
                await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
            {
                // Another process (or an earlier run) made it: tables are added to it as watches need them.
            }
        }
        var feed = await NpgsqlChangeFeed.StartAsync(_source, new NpgsqlChangeFeedOptions
        {
            Publication = _options.Publication,
            ReplicationConnectionString = _options.ReplicationConnectionString,
            BufferCapacity = 4096,
        }).ConfigureAwait(false);
        // Subscribed before any registration is indexed, so no commit a watch depends on is lost.
        var changes = feed.Changes.GetAsyncEnumerator();
        _feedPump = Task.Run(() => PumpChangesAsync(changes));
        _schemaCheck = Task.Run(() => CheckSchemaAsync(baseline, _stopping.Token));
        if (Volatile.Read(ref _disposed) != 0) await feed.DisposeAsync().ConfigureAwait(false);
        return feed;
    }

    private async Task PumpChangesAsync(IAsyncEnumerator<NpgsqlChangeSet> changes)
    {
        Exception? failure = null;
        try
        {
            while (await changes.MoveNextAsync().ConfigureAwait(false)) Dispatch(changes.Current);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await changes.DisposeAsync().ConfigureAwait(false);
        }
        if (failure is null || Volatile.Read(ref _disposed) != 0) return;
        _feedFailure = failure;
        foreach (var w in SharedSnapshot()) w.End(failure);
    }

    /// <summary>
    /// Two schema changes never reach logical replication: a view redefined (<c>CREATE OR REPLACE VIEW</c>, so a watch
    /// over it may now read other tables) and a published table dropped (it leaves the publication; one created again
    /// under its name is a new table, not in it). Every interval one catalog query reads the row versions of the view
    /// rules that depend, directly or through other views, on the tables this watcher published, and which of those
    /// tables are still in the publication. When the rules moved or a table left, every registration learns its read
    /// set again (re-adding tables to the publication) and refreshes: a watch follows the new schema or ends with its
    /// query's error, and never silently stops. A new published table with views over it moves the rules too, which
    /// costs one extra learn per registration. ALTER TABLE on a watched table arrives as a pgoutput Relation message
    /// instead (<see cref="Bump"/>).
    /// </summary>
    private async Task CheckSchemaAsync(string baseline, CancellationToken ct)
    {
        string last = baseline;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.SchemaCheckInterval, ct).ConfigureAwait(false);
                await using var c = await NpgsqlRoute.Query(_source, readFromPrimary: true).OpenConnectionAsync(ct).ConfigureAwait(false);
                var (now, left) = await SchemaFingerprintAsync(c, ct).ConfigureAwait(false);
                if (left.Length > 0)
                {
                    await _publicationLock.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        _publishedTables.ExceptWith(left);
                    }
                    finally
                    {
                        _publicationLock.Release();
                    }
                }
                if (now != last || left.Length > 0)
                {
                    foreach (var w in SharedSnapshot())
                    {
                        w.Registration.MarkStale();
                        w.Registration.Bump(0);
                    }
                }
                last = now;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (DbException)
            {
                // The primary is unreachable for now: the refreshes report that themselves; check again next interval.
            }
        }
    }

    /// <summary>The view rules over the published tables (oid and row version), and the published tables no longer in the publication.</summary>
    private async Task<(string Rules, uint[] Left)> SchemaFingerprintAsync(NpgsqlConnection c, CancellationToken ct)
    {
        const string Sql = """
            WITH RECURSIVE rules(oid, ev_class, version) AS (
                SELECT w.oid, w.ev_class, w.xmin::text FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY($2::int8[]::oid[])
                UNION
                SELECT w.oid, w.ev_class, w.xmin::text FROM rules r
                JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = r.ev_class AND d.classid = 'pg_rewrite'::regclass
                JOIN pg_rewrite w ON w.oid = d.objid)
            SELECT coalesce((SELECT string_agg(oid::text || ':' || version, ',' ORDER BY oid) FROM rules), ''),
                ARRAY(SELECT t FROM unnest($2::int8[]) t EXCEPT SELECT r.prrelid::int8 FROM pg_publication_rel r
                      JOIN pg_publication p ON p.oid = r.prpubid WHERE p.pubname = $1)
            """;
        long[] published;
        await _publicationLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            published = [.. _publishedTables.Select(o => (long)o)];
        }
        finally
        {
            _publicationLock.Release();
        }
        await using var cmd = new NpgsqlCommand(Sql, c);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _options.Publication });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = published });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetString(0), [.. reader.GetFieldValue<long[]>(1).Select(o => (uint)o)]);
    }

    /// <summary>One commit (or a missed-changes marker, which concerns every watch). Runs on the pump: lookups and bumps only.</summary>
    private void Dispatch(NpgsqlChangeSet set)
    {
        Bump(set);
        // Counted after the bumps: a reader that sees the count also sees what the commit woke.
        Interlocked.Increment(ref _counters.ChangeSetsReceived);
    }

    private void Bump(NpgsqlChangeSet set)
    {
        var index = Volatile.Read(ref _index);
        ulong lsn = (ulong)set.EndLsn;
        if (set.Kind != ChangeSetKind.Commit)
        {
            foreach (var list in index.Values)
            {
                foreach (var r in list)
                {
                    r.MarkStale();
                    r.Bump(lsn);
                }
            }
            return;
        }
        foreach (var t in set.RedescribedTables)
        {
            if (index.TryGetValue(t, out var list)) foreach (var r in list) r.MarkStale();
        }
        if (set.Tables.Count == 1)
        {
            if (index.TryGetValue(set.Tables[0], out var list)) foreach (var r in list) r.Bump(lsn, set.Xid);
            return;
        }
        HashSet<WatchRegistration>? bumped = null;
        foreach (var t in set.Tables)
        {
            if (!index.TryGetValue(t, out var list)) continue;
            foreach (var r in list)
            {
                if ((bumped ??= []).Add(r)) r.Bump(lsn, set.Xid);
            }
        }
    }

    /// <summary>The live registrations: origin, read set and refresh count (for tests and diagnostics).</summary>
    internal IReadOnlyList<(string Origin, IReadOnlyList<string> ReadSet, long Refreshes)> Registrations() =>
        [.. SharedSnapshot().Select(w => (w.Registration.Definition.Origin, (IReadOnlyList<string>)w.Registration.ReadSet,
            Interlocked.Read(ref w.Registration.Refreshes)))];

    private IRegisteredWatch[] SharedSnapshot()
    {
        lock (_shared) return [.. _shared.Values];
    }

    /// <summary>Ends every watch (without an exception), closes the replication connection (the server drops the slot).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (s_lock)
        {
            if (s_watchers.TryGetValue(_source, out var current) && ReferenceEquals(current, this)) s_watchers.Remove(_source);
        }
        foreach (var w in SharedSnapshot()) w.End(null);
        _stopping.Cancel();
        await _schemaCheck.ConfigureAwait(false);
        Task<NpgsqlChangeFeed>? feed;
        lock (_feedLock) feed = _feed;
        if (feed is not null)
        {
            try
            {
                await (await feed.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception) when (feed.IsFaulted)
            {
                // It never started; the watches already saw why.
            }
        }
        await _feedPump.ConfigureAwait(false);
        _meter?.Dispose();
    }
}
