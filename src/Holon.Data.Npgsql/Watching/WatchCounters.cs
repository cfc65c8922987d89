using Holon.Data.Watching;

namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// The watcher's counters (the shared watches' own in <see cref="SharedWatchCounters"/>), written with interlocked
/// operations and read by <see cref="NpgsqlWatcher.Statistics"/> and the meter.
/// </summary>
internal sealed class WatchCounters : SharedWatchCounters
{
    public int Registrations;
    public long Refreshes;
    public long ReadSetsLearned;
    public long ChangeSetsReceived;
    public long StandbyWaits;
    public long PrimaryFallbacks;
    public long VisibilityWaits;
}
