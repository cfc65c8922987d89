using System.Text.RegularExpressions;
using Holon.Data.Npgsql.Changes;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;

namespace Holon.Data.Npgsql;

/// <summary>
/// The committed changes of a PostgreSQL database's published tables, in commit order, from logical replication
/// (the <c>pgoutput</c> plugin). One feed holds one replication connection and one <b>temporary</b> replication slot,
/// whatever the number of subscribers of <see cref="Changes"/>: the server drops a temporary slot when its connection
/// ends, also when the process crashes, so a dead app never leaves a slot that keeps WAL on the server. Keep one feed
/// per data source (a singleton) and dispose it on shutdown.
/// </summary>
/// <remarks>
/// A subscriber sees the commits the feed receives after it subscribed. Each has a bounded buffer
/// (<see cref="NpgsqlChangeFeedOptions.BufferCapacity"/>); a subscriber that falls behind gets one
/// <see cref="ChangeSetKind.MissedChanges"/> marker and never slows the others. If the replication connection fails,
/// every stream throws after its buffered items and <see cref="Completion"/> faults: the feed does not reconnect (a
/// new temporary slot could not see the commits made in between), so start a new feed and re-read.
/// </remarks>
public sealed partial class NpgsqlChangeFeed : IAsyncDisposable
{
    private readonly LogicalReplicationConnection _replication;
    private readonly PgOutputReplicationSlot _slot;
    private readonly FeedHub _hub = new();
    private readonly TransactionDecoder _decoder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly int _capacity;
    private Task _loop = Task.CompletedTask;
    private Timer? _confirm;
    private int _disposed;

    /// <summary>How often everything received is confirmed, also when no published table changes.</summary>
    internal static TimeSpan ConfirmInterval { get; } = TimeSpan.FromSeconds(5);

    private NpgsqlChangeFeed(LogicalReplicationConnection replication, PgOutputReplicationSlot slot, string publication, int capacity)
    {
        _replication = replication;
        _slot = slot;
        Publication = publication;
        _capacity = capacity;
        Changes = new ChangeStream(this);
    }

    /// <summary>The temporary replication slot's name (<c>holon_</c> and 24 hex digits); also the connection's application_name.</summary>
    public string SlotName => _slot.Name;

    /// <summary>The publication streamed.</summary>
    public string Publication { get; }

    /// <summary>The committed change sets, in commit order; each enumeration is one subscriber.</summary>
    public IAsyncEnumerable<NpgsqlChangeSet> Changes { get; }

    /// <summary>How many enumerations of <see cref="Changes"/> are open.</summary>
    public int Subscribers => _hub.Subscribers;

    /// <summary>How many times a subscriber's buffer overflowed (each overflow ends in one missed-changes marker).</summary>
    public long Overflows => _hub.Overflows;

    /// <summary>Completes when the feed stops: at dispose, or faulted when the replication connection failed.</summary>
    public Task Completion => _loop;

    /// <summary>
    /// Makes sure the publication exists (see <see cref="NpgsqlChangeFeedOptions.Tables"/>), opens the replication
    /// connection to the primary, creates the temporary slot and starts streaming. Commits made after this returns
    /// reach the subscribers.
    /// </summary>
    /// <param name="dataSource">The database; for a multi-host source, its primary (logical decoding runs there).</param>
    /// <param name="options">Publication, tables, buffer size, connection string; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is invalid (named, with its value).</exception>
    /// <exception cref="InvalidOperationException">The publication is missing and no tables were given.</exception>
    /// <exception cref="PostgresException">The server refused, for example without <c>wal_level = logical</c>, without
    /// the REPLICATION attribute, or with no free replication slot or WAL sender.</exception>
    public static async Task<NpgsqlChangeFeed> StartAsync(NpgsqlDataSource dataSource, NpgsqlChangeFeedOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new NpgsqlChangeFeedOptions();
        Validate(options);
        string slotName = "holon_" + Guid.NewGuid().ToString("N")[..24];
        string replicationString;
        await using (var c = await NpgsqlRoute.Command(dataSource).OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await PublicationSetup.EnsureAsync(c, options.Publication, options.Tables, cancellationToken).ConfigureAwait(false);
            replicationString = ReplicationConnectionString(dataSource, options, c, slotName);
        }

        var replication = new LogicalReplicationConnection(replicationString);
        try
        {
            await replication.Open(cancellationToken).ConfigureAwait(false);
            var slot = await replication.CreatePgOutputReplicationSlot(slotName, temporarySlot: true,
                slotSnapshotInitMode: LogicalSlotSnapshotInitMode.NoExport, cancellationToken: cancellationToken).ConfigureAwait(false);
            var feed = new NpgsqlChangeFeed(replication, slot, options.Publication, options.BufferCapacity);
            feed._loop = Task.Run(feed.RunAsync, CancellationToken.None);
            feed._confirm = new Timer(static f => ((NpgsqlChangeFeed)f!).ConfirmReceived(), feed, ConfirmInterval, ConfirmInterval);
            return feed;
        }
        catch
        {
            await replication.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Validate(NpgsqlChangeFeedOptions options)
    {
        if (options.BufferCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BufferCapacity,
                $"NpgsqlChangeFeed.StartAsync: NpgsqlChangeFeedOptions.BufferCapacity must be at least 1 (got {options.BufferCapacity}).");
        }

        if (options.Publication is null || !Identifier().IsMatch(options.Publication))
        {
            throw new ArgumentException(
                $"NpgsqlChangeFeed.StartAsync: NpgsqlChangeFeedOptions.Publication must be a plain identifier (letters, digits, _ and $, " +
                $"not starting with a digit, at most 63 characters); got '{options.Publication}'.", nameof(options));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]{0,62}$")]
    private static partial Regex Identifier();

    /// <summary>The replication connection goes to the host that answered as primary, as the role the data source uses.</summary>
    private static string ReplicationConnectionString(NpgsqlDataSource dataSource, NpgsqlChangeFeedOptions options, NpgsqlConnection primary,
        string slotName)
    {
        var b = new NpgsqlConnectionStringBuilder(options.ReplicationConnectionString ?? dataSource.ConnectionString);
        if (options.ReplicationConnectionString is null)
        {
            b.Host = primary.Host;
            b.Port = primary.Port;
            b.Remove("Target Session Attributes");
            b.Remove("Load Balance Hosts");
        }

        b.ApplicationName = slotName;
        return b.ConnectionString;
    }

    private async Task RunAsync()
    {
        Exception? failure = null;
        try
        {
            var options = new PgOutputReplicationOptions(Publication, PgOutputProtocolVersion.V1);
            var token = _stop.Token;
            await foreach (var message in _replication.StartReplication(_slot, options, token).ConfigureAwait(false))
            {
                var set = await _decoder.HandleAsync(message, _hub, token).ConfigureAwait(false);
                if (set is not null) _hub.Publish(set);
                // Confirms the commit as processed, so the server may recycle the WAL before it while the feed runs.
                if (message is CommitMessage commit) _replication.SetReplicationStatus(commit.TransactionEndLsn);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception e)
        {
            failure = new InvalidOperationException(
                $"NpgsqlChangeFeed: the replication connection of slot '{SlotName}' (publication '{Publication}') failed: {e.Message} " +
                "The feed has stopped; start a new one and re-read what you derive from the changes.", e);
        }

        _hub.Complete(failure);
        if (failure is not null) throw failure;
    }

    /// <summary>
    /// Confirms all WAL received as flushed. Without it a feed whose tables stay quiet would hold the WAL of every
    /// other write (the server skips transactions that touch no published table, so no commit would be confirmed).
    /// Safe because the slot is temporary: nothing ever resumes from the confirmed position.
    /// </summary>
    private void ConfirmReceived()
    {
        if (Volatile.Read(ref _disposed) == 0) _replication.SetReplicationStatus(_replication.LastReceivedLsn);
    }

    /// <summary>Stops streaming, closes the replication connection (the server drops the temporary slot) and ends every stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_confirm is not null) await _confirm.DisposeAsync().ConfigureAwait(false);
        _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already reported to the subscribers and through Completion.
        }

        await _replication.DisposeAsync().ConfigureAwait(false);
        _hub.Complete(null);
        _stop.Dispose();
    }

    private sealed class ChangeStream(NpgsqlChangeFeed feed) : IAsyncEnumerable<NpgsqlChangeSet>
    {
        public IAsyncEnumerator<NpgsqlChangeSet> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref feed._disposed) != 0, feed);
            return feed._hub.Subscribe(feed._capacity, cancellationToken);
        }
    }
}
