namespace Holon.Data;

/// <summary>A snapshot of a pool's watch and change-stream counters (<see cref="SqlitePool.WatchStatistics"/>).</summary>
/// <param name="ActiveWatches">Watches currently enumerated.</param>
/// <param name="ChangeSubscribers">Enumerations of <see cref="SqlitePool.Changes"/> currently open.</param>
/// <param name="ChangeSetsPublished">Items published since the pool was created: committed transactions and external changes.</param>
/// <param name="Refreshes">Times a watch ran its query (each on a reader rented for that run only).</param>
/// <param name="Emissions">Results yielded to watch consumers.</param>
/// <param name="SkippedEqual">Refreshes whose result equalled the previous emission and were not yielded.</param>
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
    long ExternalChanges);
