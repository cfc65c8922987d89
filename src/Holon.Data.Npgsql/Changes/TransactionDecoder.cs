using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;

namespace Holon.Data.Npgsql.Changes;

/// <summary>
/// Turns pgoutput messages into one change set per committed transaction. The server decodes only committed
/// transactions, in commit order, so a rolled-back transaction never reaches here. Runs on the replication loop only.
/// </summary>
internal sealed class TransactionDecoder
{
    private readonly Dictionary<uint, RelationKey> _relations = [];
    private readonly List<string> _tables = [];
    private readonly List<NpgsqlRowChange> _rows = [];
    private readonly List<string> _redescribed = [];
    private bool _truncated;
    private uint _xid;

    /// <summary>Handles one message; on a commit with changes, returns its change set (sequence from <paramref name="hub"/>).</summary>
    public async ValueTask<NpgsqlChangeSet?> HandleAsync(PgOutputReplicationMessage message, FeedHub hub, CancellationToken ct)
    {
        switch (message)
        {
            case BeginMessage begin:
                _xid = begin.TransactionXid;
                _tables.Clear();
                _rows.Clear();
                _redescribed.Clear();
                _truncated = false;
                return null;
            case RelationMessage relation:
                _relations.Remove(relation.RelationId); // sent before first use and after a schema change: re-read its key
                _redescribed.Add(relation.Namespace + "." + relation.RelationName);
                return null;
            case InsertMessage insert:
                await AddAsync(insert.Relation, RowOperation.Insert, insert.NewRow, ct).ConfigureAwait(false);
                return null;
            case UpdateMessage update:
                await AddAsync(update.Relation, RowOperation.Update, update.NewRow, ct).ConfigureAwait(false);
                return null;
            case KeyDeleteMessage delete:
                await AddAsync(delete.Relation, RowOperation.Delete, delete.Key, ct).ConfigureAwait(false);
                return null;
            case FullDeleteMessage delete:
                await AddAsync(delete.Relation, RowOperation.Delete, delete.OldRow, ct).ConfigureAwait(false);
                return null;
            case TruncateMessage truncate:
                foreach (var r in truncate.Relations) AddTable(Key(r).QualifiedName);
                _truncated = true;
                return null;
            case CommitMessage commit:
                if ((_rows.Count == 0 && !_truncated) || !hub.HasSubscribers) return null;
                return new NpgsqlChangeSet(ChangeSetKind.Commit, hub.NextSequence(), commit.CommitLsn,
                    commit.TransactionCommitTimestamp, [.. _tables], [.. _rows], _truncated, commit.TransactionEndLsn,
                    _redescribed.Count == 0 ? null : [.. _redescribed], _xid);
            default:
                return null;
        }
    }

    private async ValueTask AddAsync(RelationMessage relation, RowOperation operation, ReplicationTuple tuple, CancellationToken ct)
    {
        var key = Key(relation);
        var values = new string?[key.KeyColumns.Length];
        int column = 0, k = 0;
        await foreach (var value in tuple.WithCancellation(ct).ConfigureAwait(false))
        {
            if (column < key.IsKey.Length && key.IsKey[column])
            {
                // Text form (pgoutput protocol 1). A key column is never an unchanged TOAST value: the server sends keys in full.
                values[k++] = value.IsDBNull || value.IsUnchangedToastedValue ? null : await value.Get<string>(ct).ConfigureAwait(false);
            }

            column++;
        }

        AddTable(key.QualifiedName);
        _rows.Add(new NpgsqlRowChange(key.Schema, key.Table, operation, key.KeyColumns, values));
    }

    private void AddTable(string name)
    {
        if (!_tables.Contains(name)) _tables.Add(name);
    }

    private RelationKey Key(RelationMessage relation)
    {
        if (_relations.TryGetValue(relation.RelationId, out var key)) return key;
        var columns = relation.Columns;
        var isKey = new bool[columns.Count];
        var names = new List<string>();
        for (int i = 0; i < columns.Count; i++)
        {
            isKey[i] = (columns[i].Flags & RelationMessage.Column.ColumnFlags.PartOfKey) != 0;
            if (isKey[i]) names.Add(columns[i].ColumnName);
        }

        key = new RelationKey(relation.Namespace, relation.RelationName, relation.Namespace + "." + relation.RelationName, [.. names], isKey);
        _relations[relation.RelationId] = key;
        return key;
    }

    private sealed record RelationKey(string Schema, string Table, string QualifiedName, string[] KeyColumns, bool[] IsKey);
}
