using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

/// <summary>
/// A transaction on a lease (<see cref="ConnectionLease.BeginTransaction"/>): <c>BEGIN IMMEDIATE</c> on the writer,
/// <c>BEGIN</c> (a read snapshot) on a reader, a <c>SAVEPOINT</c> when nested. <see cref="Commit"/> or
/// <see cref="Rollback"/> it; <see cref="Dispose"/> rolls back if neither ran. A struct: it allocates nothing.
/// </summary>
public readonly struct LeaseTransaction : IDisposable
{
    private static readonly StatementDefinition s_beginImmediate = Internal("BEGIN IMMEDIATE");
    private static readonly StatementDefinition s_beginDeferred = Internal("BEGIN");
    private static readonly StatementDefinition s_commit = Internal("COMMIT");
    private static readonly StatementDefinition s_rollback = Internal("ROLLBACK");
    private static readonly string[] s_savepoints = [.. Enumerable.Range(0, 16).Select(i => $"SAVEPOINT holon_sp{i}")];
    private static readonly string[] s_releases = [.. Enumerable.Range(0, 16).Select(i => $"RELEASE holon_sp{i}")];
    private static readonly string[] s_rollbackTos = [.. Enumerable.Range(0, 16).Select(i => $"ROLLBACK TO holon_sp{i}")];

    private readonly ConnectionLease _lease;
    private readonly int _depth;
    private readonly long _serial;
    private readonly bool _savepoint;

    private LeaseTransaction(ConnectionLease lease, int depth, long serial, bool savepoint = false)
    {
        _lease = lease;
        _depth = depth;
        _serial = serial;
        _savepoint = savepoint;
    }

    private static StatementDefinition Internal(string sql) => new(sql, StatementKind.Command, [], [], "Holon.Data.LeaseTransaction");

    /// <summary>True for a SAVEPOINT inside an outer transaction.</summary>
    public bool IsNested => _depth > 1;

    /// <summary>True until committed, rolled back or disposed (or its lease returned).</summary>
    public bool IsActive => _lease.IsActive && IsCurrentOrOuter(_lease.Live);

    internal static LeaseTransaction Begin(ConnectionLease lease)
    {
        var c = lease.Live;
        if (c.TransactionDepth == 0)
        {
            if (raw.sqlite3_get_autocommit(c.Db) == 0)
                throw new InvalidOperationException("A transaction is already open on this connection (begun outside BeginTransaction); finish it first.");
            Run(lease, c.IsWriter ? s_beginImmediate : s_beginDeferred);
        }
        else
        {
            RunText(lease, Name(s_savepoints, c.TransactionDepth + 1, "SAVEPOINT"));
        }

        int depth = c.PushTransaction(out long serial);
        return new LeaseTransaction(lease, depth, serial);
    }

    /// <summary>
    /// A <c>SAVEPOINT</c> at any depth, also outside a transaction and inside one begun outside
    /// <see cref="ConnectionLease.BeginTransaction"/>: generated <c>[Command]</c> methods whose result shape can be
    /// violated (a single-row shape with <c>RETURNING</c>) run inside one, so a violation rolls back what the statement
    /// did before the error is thrown, and leaves the caller's transaction open and usable.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static LeaseTransaction BeginSavepoint(ConnectionLease lease)
    {
        var c = lease.Live;
        RunText(lease, Name(s_savepoints, c.TransactionDepth + 1, "SAVEPOINT"));
        int depth = c.PushTransaction(out long serial);
        return new LeaseTransaction(lease, depth, serial, savepoint: true);
    }

    /// <summary>Commits (or releases the savepoint). Inner transactions still open are committed with it.</summary>
    /// <exception cref="InvalidOperationException">The transaction already ended, or SQLite rolled it back after an error.</exception>
    public void Commit()
    {
        var c = Current("commit");
        if (_depth == 1 && !_savepoint)
        {
            if (raw.sqlite3_get_autocommit(c.Db) != 0)
            {
                c.PopTransaction(1);
                throw new InvalidOperationException("The transaction was already rolled back by SQLite (after an error or interrupt); nothing was committed.");
            }

            Run(_lease, s_commit);
            c.Committed(); // publish to watches at COMMIT, not only at lease return
        }
        else
        {
            RunText(_lease, Name(s_releases, _depth, "RELEASE"));
            // An outermost savepoint's RELEASE commits: publish then, as COMMIT does.
            if (_depth == 1 && raw.sqlite3_get_autocommit(c.Db) != 0) c.Committed();
        }

        c.PopTransaction(_depth);
    }

    /// <summary>Rolls back (to the savepoint, when nested).</summary>
    public void Rollback()
    {
        var c = Current("roll back");
        RollbackCore(c);
    }

    private void RollbackCore(PhysicalConnection c)
    {
        c.PopTransaction(_depth);
        if (_depth == 1 && !_savepoint)
        {
            if (raw.sqlite3_get_autocommit(c.Db) == 0) Run(_lease, s_rollback);
        }
        else if (raw.sqlite3_get_autocommit(c.Db) == 0)
        {
            RunText(_lease, Name(s_rollbackTos, _depth, "ROLLBACK TO"));
            RunText(_lease, Name(s_releases, _depth, "RELEASE"));
        }
    }

    /// <summary>Rolls back unless committed or rolled back already; a no-op after the lease was returned (the pool rolled back then).</summary>
    public void Dispose()
    {
        if (!_lease.IsActive) return;
        var c = _lease.Live;
        if (!IsCurrentOrOuter(c)) return;
        RollbackCore(c);
    }

    private bool IsCurrentOrOuter(PhysicalConnection c)
        => c.HoldsTransaction(_depth, _serial);

    private PhysicalConnection Current(string action)
    {
        var c = _lease.Live;
        if (!IsCurrentOrOuter(c)) throw new InvalidOperationException($"Cannot {action}: this transaction has already ended.");
        return c;
    }

    private static string Name(string[] names, int depth, string verb) => depth < names.Length ? names[depth] : $"{verb} holon_sp{depth}";

    private static void Run(ConnectionLease lease, StatementDefinition definition)
    {
        using var s = lease.Statement(definition);
        s.Step();
    }

    private static void RunText(ConnectionLease lease, string sql)
    {
        using var s = lease.Live.GetStatement(sql).BeginUse(default, null);
        s.Step();
    }
}
