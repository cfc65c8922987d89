namespace Holon.Data.Npgsql.Watching;

/// <summary>The watcher's counters, written with interlocked operations and read by <see cref="NpgsqlWatcher.Statistics"/> and the meter.</summary>
internal sealed class WatchCounters
{
    public int Registrations;
    public int Subscribers;
    public long Refreshes;
    public long Emissions;
    public long SkippedEqual;
    public long CoalescedRefreshes;
    public long ReadSetsLearned;
    public long ChangeSetsReceived;
    public long StandbyWaits;
    public long PrimaryFallbacks;
    public long VisibilityWaits;
}
