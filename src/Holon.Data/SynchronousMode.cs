namespace Holon.Data;

/// <summary>
/// The value of SQLite's <c>PRAGMA synchronous</c> applied to every pooled connection.
/// In WAL mode <see cref="Normal"/> survives a process crash but can lose the last commits on power loss or an
/// operating-system crash; <see cref="Full"/> survives both at the cost of an fsync per commit.
/// </summary>
public enum SynchronousMode
{
    /// <summary><c>synchronous=OFF</c>: no fsync at all; a crash of the machine can corrupt the database.</summary>
    Off = 0,

    /// <summary><c>synchronous=NORMAL</c> (the default): durable across process crashes; not across power loss.</summary>
    Normal = 1,

    /// <summary><c>synchronous=FULL</c>: durable across process crashes and power loss.</summary>
    Full = 2,

    /// <summary><c>synchronous=EXTRA</c>: like <see cref="Full"/>, plus an fsync of the directory on journal changes.</summary>
    Extra = 3,
}
