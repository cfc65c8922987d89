using System.Text;
using NpgsqlTypes;

namespace Holon.Data.Npgsql;

/// <summary>
/// What one committed PostgreSQL transaction changed in the published tables, or a
/// <see cref="ChangeSetKind.MissedChanges"/> marker that says "re-read". Immutable and shared by every subscriber.
/// </summary>
public sealed class NpgsqlChangeSet
{
    private static readonly string[] s_noTables = [];
    private static readonly NpgsqlRowChange[] s_noRows = [];

    internal NpgsqlChangeSet(ChangeSetKind kind, long sequence, NpgsqlLogSequenceNumber lsn, DateTime commitTimestamp,
        string[]? tables, NpgsqlRowChange[]? rows, bool hasUnreportedChanges, NpgsqlLogSequenceNumber endLsn = default,
        string[]? redescribedTables = null, uint xid = 0)
    {
        EndLsn = endLsn;
        Xid = xid;
        RedescribedTables = redescribedTables ?? s_noTables;
        Kind = kind;
        Sequence = sequence;
        Lsn = lsn;
        CommitTimestamp = commitTimestamp;
        Tables = tables ?? s_noTables;
        Rows = rows ?? s_noRows;
        HasUnreportedChanges = hasUnreportedChanges;
    }

    /// <summary><see cref="ChangeSetKind.Commit"/> or <see cref="ChangeSetKind.MissedChanges"/>.</summary>
    public ChangeSetKind Kind { get; }

    /// <summary>
    /// Increases by one for every item the feed publishes, in commit order, starting at 1. A
    /// <see cref="ChangeSetKind.MissedChanges"/> marker carries the sequence of the last item that was dropped.
    /// </summary>
    public long Sequence { get; }

    /// <summary>
    /// The commit's log sequence number (a marker: the last dropped commit's). A standby that has replayed up to
    /// here (<c>pg_last_wal_replay_lsn() &gt;= Lsn</c>) shows this transaction.
    /// </summary>
    public NpgsqlLogSequenceNumber Lsn { get; }

    /// <summary>The end of the transaction's commit record: a standby whose replay position is here shows it.</summary>
    internal NpgsqlLogSequenceNumber EndLsn { get; }

    /// <summary>The transaction's id (32 bits, as pgoutput sends it); 0 for a marker.</summary>
    internal uint Xid { get; }

    /// <summary>Tables whose description (pgoutput Relation message) came in this transaction: first use, or a schema change.</summary>
    internal IReadOnlyList<string> RedescribedTables { get; }

    /// <summary>When the transaction committed, as the primary reports it (UTC).</summary>
    public DateTime CommitTimestamp { get; }

    /// <summary>The distinct tables (<c>schema.table</c>) whose rows the transaction changed, in the order first touched.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Every row change, in the order the server made them (includes changes made by triggers and cascades).</summary>
    public IReadOnlyList<NpgsqlRowChange> Rows { get; }

    /// <summary>True when the transaction truncated a table in <see cref="Tables"/>: its rows are not listed one by one.</summary>
    public bool HasUnreportedChanges { get; }

    /// <summary>
    /// True when this item may concern <paramref name="table"/> (<c>name</c> or <c>schema.name</c>): a commit that
    /// changed its rows, or a marker, which concerns every table. Names compare as given, case-sensitively, since
    /// PostgreSQL folds unquoted names to lower case before they get here.
    /// </summary>
    public bool Touches(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Kind != ChangeSetKind.Commit) return true;
        foreach (var t in Tables)
        {
            if (t == table || (t.Length > table.Length && t.EndsWith(table, StringComparison.Ordinal) && t[^(table.Length + 1)] == '.'))
                return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('#').Append(Sequence).Append(' ').Append(Kind).Append(" lsn=").Append(Lsn);
        if (Kind == ChangeSetKind.Commit)
        {
            sb.Append(" rows=").Append(Rows.Count).Append(" tables=[").AppendJoin(", ", Tables).Append(']');
            if (HasUnreportedChanges) sb.Append(" +unreported");
        }

        return sb.ToString();
    }
}
