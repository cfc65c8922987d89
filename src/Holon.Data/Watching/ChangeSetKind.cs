namespace Holon.Data;

/// <summary>What a <see cref="ChangeSet"/> from <see cref="SqlitePool.Changes"/> stands for.</summary>
public enum ChangeSetKind
{
    /// <summary>One transaction committed through this pool's writer; its rows and tables are listed.</summary>
    Commit = 0,

    /// <summary>
    /// The subscriber's buffer overflowed and changes were dropped: re-read whatever state you derive from the
    /// changes. Delivery resumes with the commits that follow this marker.
    /// </summary>
    MissedChanges = 1,

    /// <summary>
    /// Another process or connection changed the database (seen through <c>PRAGMA data_version</c> polling,
    /// <see cref="SqlitePoolOptions.DataVersionPollInterval"/>). What changed is unknown: re-read.
    /// </summary>
    ExternalChange = 2,
}
