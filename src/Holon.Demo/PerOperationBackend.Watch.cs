using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Holon.Demo;

internal sealed partial class PerOperationBackend
{
    /// <summary>How often the change-feed connection looks for commits (the original app polled its feed too).</summary>
    private static readonly TimeSpan FeedPollInterval = TimeSpan.FromMilliseconds(5);

    private long _watchConnections;

    /// <summary>Connections this backend opened for watching (setup, change feed, one per refresh).</summary>
    public long? WatchConnectionsCreated => Interlocked.Read(ref _watchConnections);

    /// <summary>
    /// The original app's watch: one connection to set the watch up (the first result), another held for the
    /// watcher's whole life as its change feed, and a brand-new connection for every refresh.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, [EnumeratorCancellation] CancellationToken ct)
    {
        IReadOnlyList<Block> last;
        using (var setup = OpenForWatch())
        {
            last = Children(setup, parentId);
        }
        yield return last;

        using var feed = OpenForWatch();
        long version = DataVersion(feed);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FeedPollInterval, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            long now = DataVersion(feed);
            if (now == version) continue;
            version = now;
            IReadOnlyList<Block> current;
            using (var connection = OpenForWatch())
            {
                current = Children(connection, parentId);
            }
            if (current.SequenceEqual(last)) continue;
            last = current;
            yield return current;
        }
    }

    private SqliteConnection OpenForWatch()
    {
        Interlocked.Increment(ref _watchConnections);
        return Open();
    }

    private List<Block> Children(SqliteConnection connection, string parentId)
    {
        using var command = NewCommand(connection, ChildrenSql);
        command.Parameters.AddWithValue("@parentId", parentId);
        return ReadAll(command);
    }

    private long DataVersion(SqliteConnection connection)
    {
        using var command = NewCommand(connection, "PRAGMA data_version");
        return (long)command.ExecuteScalar()!;
    }
}
