namespace Holon.Data;

/// <summary>A snapshot of a pool's watch and change-stream counters (<see cref="SqlitePool.WatchStatistics"/>).</summary>
/// <param name="ActiveWatches">Watch enumerations (subscribers) currently active, over all shared registrations.</param>
/// <param name="ChangeSubscribers">Enumerations of <see cref="SqlitePool.Changes"/> currently open.</param>
/// <param name="ChangeSetsPublished">Items published since the pool was created: committed transactions and external changes.</param>
/// <param name="Refreshes">Times a watch registration ran its query (each on a reader rented for that run only); subscribers sharing a registration share its refreshes.</param>
/// <param name="Emissions">Results yielded to watch subscribers (one per subscriber that received it).</param>
/// <param name="SkippedEqual">Results not yielded because they equalled the previous one: refreshes whose result equalled the registration's previous result, plus newest results equal to what a (slow) subscriber last received.</param>
/// <param name="ReadSetsLearned">Times a watch asked SQLite which tables its query reads (first run, and after schema or external changes).</param>
/// <param name="ChangeOverflows">Times a change-stream subscriber's buffer overflowed (each produces one missed-changes marker).</param>
/// <param name="ExternalChanges">Commits made outside the pool and noticed through <c>PRAGMA data_version</c> polling.</param>
public readonly record struct WatchStatistics(
    int ActiveWatches,
    int ChangeSubscribers,
    long ChangeSetsPublished,
    long Refreshes,
    long Emissions,
    long SkippedEqual,
    long ReadSetsLearned,
    long ChangeOverflows,
    long ExternalChanges)
{
    /// <summary>Shared watch registrations: one per distinct (statement, arguments) being watched.</summary>
    public int Registrations { get; init; }

    /// <summary>Change notifications merged into a later refresh (commits that arrived while a refresh ran or while
    /// nobody was reading), i.e. refreshes saved by coalescing.</summary>
    public long CoalescedRefreshes { get; init; }
}
