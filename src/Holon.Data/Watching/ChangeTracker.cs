using System.Runtime.InteropServices;
using SQLitePCL;

namespace Holon.Data.Watching;

/// <summary>
/// Installed on the pool's writer connection: SQLite's update hook records (table, operation, rowid) per
/// transaction; the commit hook sets the transaction aside; the rollback hook drops it (also a commit that
/// failed after the commit hook, which SQLite rolls back). A set-aside commit is published once it is known to
/// have completed: when the next statement starts on the writer (<see cref="StatementStarting"/>), when the writer
/// lease is returned (<see cref="Flush"/>), or when the writer's next statement starts changing rows. So a rollback
/// hook that still finds a set-aside commit is the failing COMMIT itself. (Statements run through hand-written
/// ADO.NET on <c>lease.Connection</c> are not seen starting: a COMMIT followed, on the same lease, by a rollback in
/// such a statement before any row change loses that commit's notification.) A permanent authorizer notes schema
/// statements (CREATE/ALTER/DROP) and turns off SQLite's truncate optimization for <c>DELETE FROM t</c>, which
/// would otherwise delete rows without telling the update hook.
/// </summary>
/// <remarks>
/// All callbacks run on the thread that currently holds the writer lease (SQLite calls hooks synchronously), so
/// the per-transaction state needs no lock. SQLite's update hook does not report rows of <c>WITHOUT ROWID</c>
/// tables; when <c>sqlite3_total_changes</c> grew by more than the hook reported, the commit is published with
/// <see cref="ChangeSet.HasUnreportedChanges"/> (or, if nothing else is pending, an empty change set with it,
/// which a rolled-back WITHOUT ROWID change can also cause), so every watch refreshes. Rows deleted by <c>REPLACE</c>
/// conflict resolution are not reported (the insert that replaced them is).
/// </remarks>
internal sealed class ChangeTracker
{
    private const int SqliteCreateIndex = 1, SqliteCreateTable = 2, SqliteCreateTempIndex = 3, SqliteCreateTempTable = 4,
        SqliteCreateTempTrigger = 5, SqliteCreateTempView = 6, SqliteCreateTrigger = 7, SqliteCreateView = 8,
        SqliteDelete = 9, SqliteDropIndex = 10, SqliteDropTable = 11, SqliteDropTempIndex = 12, SqliteDropTempTable = 13,
        SqliteDropTempTrigger = 14, SqliteDropTempView = 15, SqliteDropTrigger = 16, SqliteDropView = 17,
        SqliteInsert = 18, SqliteSelect = 21, SqliteUpdate = 23, SqliteAlterTable = 26, SqliteCreateVtable = 29, SqliteDropVtable = 30;

    private readonly ChangeHub _hub;

    // The open transaction.
    private readonly List<RowChange> _rows = new(16);
    private readonly List<string> _tables = new(4);
    private readonly List<string> _schema = new(0);

    // A transaction whose commit hook ran but whose COMMIT has not been seen to finish.
    private RowChange[]? _pendingRows;
    private string[]? _pendingTables;
    private string[]? _pendingSchema;
    private bool _pendingUnreported;

    // Set when a commit was not recorded because the hub had no listeners: the hub's listener epoch at that time.
    private long? _skippedEpoch;
    private bool _recording = true;

    // SQLite's update hook never reports rows of WITHOUT ROWID tables, but sqlite3_total_changes counts them. At
    // each quiet point (no statement running, no transaction open) the two counts are compared; more changes
    // than reports means an unreported change, published as "anything may have changed".
    private long _totalAtCheck;
    private long _reportedSinceCheck;
    private sqlite3? _db;

    // Table names by their UTF-8 bytes, so the update hook allocates no string per row.
    private (byte[] Utf8, string Name)[] _names = [];
    private string? _lastDropTarget;

    private readonly delegate_update _onUpdate;
    private readonly delegate_commit _onCommit;
    private readonly delegate_rollback _onRollback;
    private readonly delegate_authorizer _onAuthorize;

    public ChangeTracker(ChangeHub hub)
    {
        _hub = hub;
        _onUpdate = OnUpdate;
        _onCommit = OnCommit;
        _onRollback = OnRollback;
        _onAuthorize = OnAuthorize;
    }

    /// <summary>Installs the hooks on a (new) writer connection. Anything recorded for a previous writer is dropped.</summary>
    public void Attach(sqlite3 db)
    {
        ResetTransaction();
        ClearPending();
        _db = db;
        _totalAtCheck = raw.sqlite3_total_changes(db);
        _reportedSinceCheck = 0;
        raw.sqlite3_update_hook(db, _onUpdate, null);
        raw.sqlite3_commit_hook(db, _onCommit, null);
        raw.sqlite3_rollback_hook(db, _onRollback, null);
        raw.sqlite3_set_authorizer(db, _onAuthorize, null);
    }

    /// <summary>
    /// Publishes a commit that has completed. Call only at a quiet point: the writer lease was returned, or a
    /// top-level COMMIT returned (no statement running, no transaction open).
    /// </summary>
    public void Flush(bool healthy = true)
    {
        if (_skippedEpoch is { } epoch)
        {
            // A commit went unrecorded because nobody listened; if someone started listening since, they may have
            // read before it landed, so they are told that anything may have changed.
            _skippedEpoch = null;
            if (_hub.ListenerEpoch != epoch)
            {
                if (_pendingTables is not null) _pendingUnreported = true;
                else _hub.PublishCommit([], [], [], hasUnreportedChanges: true);
            }
        }

        if (!healthy || _db is null || _db.IsClosed || _db.IsInvalid)
        {
            // The handle was closed underneath the lease: what it last committed cannot be checked any more, so it
            // is published as possibly incomplete, and the replacement writer starts counting afresh.
            _db = null;
            if (_pendingTables is not null) _pendingUnreported = true;
        }
        else
        {
            long total = raw.sqlite3_total_changes(_db);
            bool unreported = total - _totalAtCheck > _reportedSinceCheck;
            _totalAtCheck = total;
            _reportedSinceCheck = 0;
            if (unreported)
            {
                if (_pendingTables is not null) _pendingUnreported = true;
                else _hub.PublishCommit([], [], [], hasUnreportedChanges: true);
            }
        }
        PublishPending();
    }

    /// <summary>A statement is about to run on the writer: any set-aside commit has completed by now.</summary>
    public void StatementStarting()
    {
        if (_pendingTables is not null) PublishPending();
    }

    private void PublishPending()
    {
        if (_pendingTables is null) return;
        var tables = _pendingTables;
        var rows = _pendingRows!;
        var schema = _pendingSchema!;
        bool unreported = _pendingUnreported;
        ClearPending();
        _hub.PublishCommit(tables, rows, schema, unreported);
    }

    private void ClearPending()
    {
        _pendingTables = null;
        _pendingRows = null;
        _pendingSchema = null;
        _pendingUnreported = false;
    }

    private void ResetTransaction()
    {
        _recording = true;
        _rows.Clear();
        // A huge transaction must not pin its row list for the life of the writer.
        if (_rows.Capacity > 4096) _rows.Capacity = 16;
        _tables.Clear();
        _schema.Clear();
    }

    private void OnUpdate(object userData, int type, utf8z database, utf8z table, long rowid)
    {
        // A new change after a set-aside commit: that COMMIT finished without a rollback.
        if (_pendingTables is not null) PublishPending();
        _reportedSinceCheck++;
        if (_rows.Count == 0 && _tables.Count == 0)
        {
            // First change of this transaction: record it only if someone listens (decided once per transaction,
            // so a listener arriving halfway never gets half a transaction).
            _recording = _hub.HasListeners;
            if (!_recording) _skippedEpoch ??= _hub.ListenerEpoch;
        }
        if (!_recording)
        {
            if (_tables.Count == 0) _tables.Add(""); // marks "this transaction changed rows" without recording them
            return;
        }
        var name = NameOf(table);
        var op = type switch { SqliteInsert => RowOperation.Insert, SqliteDelete => RowOperation.Delete, _ => RowOperation.Update };
        _rows.Add(new RowChange(name, op, rowid));
        AddDistinct(_tables, name);
    }

    private int OnCommit(object userData)
    {
        if (_pendingTables is not null) PublishPending();
        if (!_recording && _tables.Count > 0 || _schema.Count > 0 && !_hub.HasListeners)
        {
            // Nobody to tell: keep the commit path free of allocations; Flush tells a listener that arrived since.
            _skippedEpoch ??= _hub.ListenerEpoch;
            if (_schema.Count > 0) _hub.BumpSchemaGeneration();
        }
        else if (_rows.Count > 0 || _schema.Count > 0)
        {
            _pendingRows = _rows.ToArray();
            _pendingTables = _tables.ToArray();
            _pendingSchema = _schema.ToArray();
        }
        ResetTransaction();
        return 0; // 0: let the commit proceed
    }

    private void OnRollback(object userData)
    {
        // Either an explicit ROLLBACK or a COMMIT that failed after the commit hook: nothing is published.
        ResetTransaction();
        ClearPending();
    }

    private int OnAuthorize(object userData, int actionCode, utf8z p0, utf8z p1, utf8z dbName, utf8z innerMost)
    {
        switch (actionCode)
        {
            case SqliteDelete:
            {
                var table = p0.utf8_to_string();
                if (table is null || table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)) return raw.SQLITE_OK;
                if (string.Equals(table, _lastDropTarget, StringComparison.OrdinalIgnoreCase))
                {
                    // DROP TABLE/VIEW authorizes a DELETE of the dropped object; IGNORE there would cancel the drop.
                    _lastDropTarget = null;
                    return raw.SQLITE_OK;
                }
                // IGNORE on SQLITE_DELETE only disables the truncate optimization, so the update hook sees every row.
                return raw.SQLITE_IGNORE;
            }
            case SqliteCreateTable: case SqliteCreateTempTable: case SqliteCreateView: case SqliteCreateTempView:
            case SqliteCreateVtable:
                NoteSchema(p0.utf8_to_string());
                return raw.SQLITE_OK;
            case SqliteDropTable: case SqliteDropTempTable: case SqliteDropView: case SqliteDropTempView: case SqliteDropVtable:
                _lastDropTarget = p0.utf8_to_string();
                NoteSchema(_lastDropTarget);
                return raw.SQLITE_OK;
            case SqliteCreateIndex: case SqliteCreateTempIndex: case SqliteDropIndex: case SqliteDropTempIndex:
            case SqliteCreateTrigger: case SqliteCreateTempTrigger: case SqliteDropTrigger: case SqliteDropTempTrigger:
            case SqliteAlterTable:
                NoteSchema(p1.utf8_to_string()); // the table the index/trigger belongs to, or the altered table
                return raw.SQLITE_OK;
            case SqliteSelect:
                _lastDropTarget = null;
                return raw.SQLITE_OK;
            default:
                return raw.SQLITE_OK;
        }
    }

    private void NoteSchema(string? name)
    {
        // Recorded at compile time; a statement compiled but never run only costs watchers one extra refresh.
        if (!string.IsNullOrEmpty(name) && !name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)) AddDistinct(_schema, name);
    }

    private static void AddDistinct(List<string> list, string name)
    {
        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(list[i], name) || string.Equals(list[i], name, StringComparison.OrdinalIgnoreCase)) return;
        }
        list.Add(name);
    }

    private unsafe string NameOf(utf8z table)
    {
        fixed (byte* p = table)
        {
            if (p == null) return "";
            var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p);
            var names = _names;
            for (int i = 0; i < names.Length; i++)
            {
                if (bytes.SequenceEqual(names[i].Utf8)) return names[i].Name;
            }
            var name = System.Text.Encoding.UTF8.GetString(bytes);
            _names = [.. names, (bytes.ToArray(), name)];
            return name;
        }
    }
}
