using System.Text;

namespace Holon.Data;

/// <summary>
/// What one committed write transaction changed (or, for the other <see cref="ChangeSetKind"/>s, a marker that
/// says "re-read"). Instances are immutable and shared by every subscriber.
/// </summary>
public sealed class ChangeSet
{
    private static readonly string[] s_noTables = [];
    private static readonly RowChange[] s_noRows = [];

    internal ChangeSet(ChangeSetKind kind, long sequence, string[]? tables, RowChange[]? rows, string[]? schemaChanges, bool hasUnreportedChanges = false)
    {
        HasUnreportedChanges = hasUnreportedChanges;
        Kind = kind;
        Sequence = sequence;
        Tables = tables ?? s_noTables;
        Rows = rows ?? s_noRows;
        SchemaChanges = schemaChanges ?? s_noTables;
    }

    /// <summary>A commit, a missed-changes marker, or an external change.</summary>
    public ChangeSetKind Kind { get; }

    /// <summary>
    /// Increases by one for every item the pool publishes, in commit order, starting at 1. A
    /// <see cref="ChangeSetKind.MissedChanges"/> marker carries the sequence of the last item that was dropped.
    /// </summary>
    public long Sequence { get; }

    /// <summary>The distinct tables whose rows the transaction changed, in the order first touched.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Every row change, in the order SQLite made them (includes changes made by triggers and cascades).</summary>
    public IReadOnlyList<RowChange> Rows { get; }

    /// <summary>
    /// Tables, views, indexes' tables and triggers' tables named by schema statements (CREATE, ALTER, DROP) in this
    /// transaction. Empty when the transaction changed no schema.
    /// </summary>
    public IReadOnlyList<string> SchemaChanges { get; }

    /// <summary>
    /// True when the transaction changed rows SQLite does not report one by one (rows of <c>WITHOUT ROWID</c>
    /// tables): <see cref="Rows"/> and <see cref="Tables"/> are then incomplete and any table may have changed.
    /// </summary>
    public bool HasUnreportedChanges { get; }

    /// <summary>True when the transaction ran a schema statement.</summary>
    public bool IsSchemaChange => SchemaChanges.Count > 0;

    /// <summary>
    /// True when this item may concern <paramref name="table"/>: a commit that changed its rows or its schema,
    /// a commit with <see cref="HasUnreportedChanges"/>, or a marker (<see cref="ChangeSetKind.MissedChanges"/>,
    /// <see cref="ChangeSetKind.ExternalChange"/>) that concerns every table. Table names compare case-insensitively, as in SQLite.
    /// </summary>
    /// <param name="table">A table or view name.</param>
    public bool Touches(string table)
    {
        if (Kind != ChangeSetKind.Commit || HasUnreportedChanges) return true;
        foreach (var t in Tables) if (string.Equals(t, table, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var t in SchemaChanges) if (string.Equals(t, table, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('#').Append(Sequence).Append(' ').Append(Kind);
        if (Kind == ChangeSetKind.Commit)
        {
            sb.Append(" rows=").Append(Rows.Count).Append(" tables=[").AppendJoin(", ", Tables).Append(']');
            if (IsSchemaChange) sb.Append(" schema=[").AppendJoin(", ", SchemaChanges).Append(']');
            if (HasUnreportedChanges) sb.Append(" +unreported");
        }
        return sb.ToString();
    }
}
