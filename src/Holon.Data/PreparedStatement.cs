using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using Holon.Data.Internal.Native;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Holon.Data;

/// <summary>
/// One <c>sqlite3_stmt</c> owned by one physical connection, prepared once with <c>SQLITE_PREPARE_PERSISTENT</c>
/// and kept for the connection's life. Get it from <see cref="ConnectionLease.Statement(StatementDefinition, CancellationToken)"/>,
/// bind, <see cref="Step"/>, read, and dispose it (which resets it and clears its bindings; it stays prepared).
/// Text, dates, decimals and GUIDs use Microsoft.Data.Sqlite's storage conventions, so either library reads
/// what the other wrote.
/// </summary>
public sealed partial class PreparedStatement : IDisposable
{
    private const uint PreparePersistent = 0x01;
    private const int StatusReprepare = 5;

    private readonly PhysicalConnection _connection;
    private readonly sqlite3_stmt _stmt;
    private readonly StatementDefinition? _definition;
    private readonly int[]? _slotIndex;
    private readonly bool _transient;
    private int[]? _ordinals;
    private string[]? _columnNames;
    private int _resolvedReprepareCount = -1;
    private bool _ordinalsChecked;
    private bool _inUse;
    // Bindings are not cleared at the end of a use: slots bound in earlier uses and not rebound in this one are
    // bound NULL before the first Step instead, which is what clearing would have given. Generated code rebinds
    // every slot, so it never pays for sqlite3_clear_bindings. Slots >= 64 and large values fall back to clearing.
    private ulong _boundThisUse;
    private ulong _staleBindings;
    private bool _clearBindingsOnEnd;
    // The ordinal IsNull last found non-NULL on the current row, so the typed getter that follows skips its own check.
    private int _notNullOrdinal = -1;
    private int _notNullType;
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;

    private PreparedStatement(PhysicalConnection connection, sqlite3_stmt stmt, string sql, StatementDefinition? definition, bool transient)
    {
        _connection = connection;
        _stmt = stmt;
        Sql = sql;
        _definition = definition;
        _transient = transient;
        MayChangeConnectionState = SqlClassifier.ChangesConnectionState(sql);
        MayBeginTransaction = SqlClassifier.BeginsTransaction(sql);
        if (definition is not null)
        {
            var names = definition.ParameterNameArray;
            _slotIndex = new int[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                int index = raw.sqlite3_bind_parameter_index(stmt, names[i]);
                if (index == 0)
                {
                    stmt.Dispose();
                    throw new ArgumentException(
                        $"Parameter '{names[i]}' of {definition.Origin} does not occur in its SQL: {sql}", nameof(definition));
                }

                _slotIndex[i] = index;
            }
        }
    }

    /// <summary>The SQL text.</summary>
    public string Sql { get; }

    /// <summary>The declaring method (<c>Namespace.Type.Method</c>) or <c>"ad-hoc SQL"</c>.</summary>
    public string Origin => _useOrigin ?? _definition?.Origin ?? "ad-hoc SQL";

    // The method using a shared definition right now (see ConnectionLease.Statement(definition, origin, ...)).
    private string? _useOrigin;

    internal StatementDefinition? Definition => _definition;

    internal bool InUse => _inUse;

    /// <summary>True while SQLite considers the statement mid-execution (it may hold a read snapshot).</summary>
    internal bool IsBusyForTests => !_stmt.IsClosed && raw.sqlite3_stmt_busy(_stmt) != 0;

    internal bool MayChangeConnectionState { get; }

    /// <summary>True for BEGIN and SAVEPOINT: the only single statements that can leave a transaction open.</summary>
    internal bool MayBeginTransaction { get; }

    internal static PreparedStatement Prepare(PhysicalConnection connection, string sql, StatementDefinition? definition, bool transient = false)
    {
        int rc = raw.sqlite3_prepare_v3(connection.Db, sql, transient ? 0u : PreparePersistent, out var stmt, out string tail);
        if (rc != raw.SQLITE_OK)
        {
            var message = ReaderGuard.Explain(connection, rc, raw.sqlite3_errmsg(connection.Db).utf8_to_string());
            stmt?.Dispose();
            throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(connection.Db), message, definition?.Origin ?? "ad-hoc SQL", sql);
        }

        if (stmt is null || stmt.IsInvalid)
        {
            stmt?.Dispose();
            throw new ArgumentException($"The SQL of {definition?.Origin ?? "ad-hoc SQL"} contains no statement: {sql}", nameof(sql));
        }

        if (!string.IsNullOrWhiteSpace(tail) && !SqlClassifier.IsOnlyTrivia(tail))
        {
            stmt.Dispose();
            throw new ArgumentException(
                $"The SQL of {definition?.Origin ?? "ad-hoc SQL"} holds more than one statement; run one statement at a time: {sql}", nameof(sql));
        }

        connection.CountPrepared();
        return new PreparedStatement(connection, stmt, sql, definition, transient);
    }

    /// <summary>Starts one use by a lease; a statement already in use on this connection yields a temporary twin.</summary>
    internal PreparedStatement BeginUse(CancellationToken cancellationToken, string? origin)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = this;
        if (_inUse)
        {
            target = Prepare(_connection, Sql, _definition, transient: true);
        }

        target._inUse = true;
        target._useOrigin = origin;
        target._ordinalsChecked = false;
        target._connection.MarkInUse(target);
        target._connection.StatementStarting(target.MayChangeConnectionState, target.MayBeginTransaction);
        if (cancellationToken.CanBeCanceled)
        {
            target._cancellationToken = cancellationToken;
            target._registration = cancellationToken.UnsafeRegister(static s => ((PhysicalConnection)s!).Interrupt(), target._connection);
        }

        return target;
    }

    /// <summary>Ends this use: resets the statement, clears its bindings and disarms cancellation. The statement stays prepared.</summary>
    public void Dispose()
    {
        if (!_inUse) return;
        EndUse();
        _connection.MarkNotInUse(this);
        if (_transient) Destroy();
    }

    internal void ResetFromPool()
    {
        if (!_inUse) return;
        EndUse();
        if (_transient) Destroy();
    }

    private void EndUse()
    {
        _inUse = false;
        if (_cancellationToken.CanBeCanceled)
        {
            _registration.Dispose();
            _registration = default;
            _cancellationToken = default;
        }

        _notNullOrdinal = -1;
        if (!_stmt.IsClosed)
        {
            NativeReset();
            if (_clearBindingsOnEnd)
            {
                NativeClearBindings();
                _staleBindings = 0;
                _clearBindingsOnEnd = false;
            }
            else
            {
                _staleBindings |= _boundThisUse;
            }
        }

        _boundThisUse = 0;
    }

    /// <summary>Binds NULL to slots bound in an earlier use but not in this one (what clearing at the end of that use would have left).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NullStaleBindings(ulong slots)
    {
        _staleBindings &= ~slots;
        for (int slot = 0; slots != 0; slot++, slots >>= 1)
        {
            if ((slots & 1) != 0) NativeBindNull(_slotIndex is { } map ? map[slot] : slot + 1);
        }
    }

    internal void Destroy()
    {
        _inUse = false;
        _stmt.Dispose();
    }

    /// <summary>Runs the statement to its next row: true when a row is ready, false when it is done. An error resets the statement and throws.</summary>
    /// <exception cref="SqliteException">SQLite reported an error; the message names the origin and the SQL.</exception>
    /// <exception cref="OperationCanceledException">The cancellation token passed to <c>Statement(...)</c> fired.</exception>
    public bool Step()
    {
        EnsureInUse();
        ulong stale = _staleBindings & ~_boundThisUse;
        if (stale != 0) NullStaleBindings(stale);
        _notNullOrdinal = -1;
        int rc = NativeStep();
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        throw StepFailed(rc);
    }

    private Exception StepFailed(int rc)
    {
        var db = _connection.Db;
        var message = raw.sqlite3_errmsg(db).utf8_to_string();
        int extended = raw.sqlite3_extended_errcode(db);
        raw.sqlite3_reset(_stmt);
        if (rc == raw.SQLITE_INTERRUPT && _cancellationToken.IsCancellationRequested)
            return new OperationCanceledException($"{Origin} was cancelled while running: {Sql}", _cancellationToken);
        return Errors.Sqlite(rc, extended, ReaderGuard.Explain(_connection, rc, message), Origin, Sql);
    }

    /// <summary>Rows changed by the last INSERT, UPDATE or DELETE on this connection.</summary>
    public int Changes => _direct && _inUse ? SqliteDirect.Changes(_connection.Db) : raw.sqlite3_changes(_connection.Db);

    /// <summary>The rowid of the last successful INSERT on this connection.</summary>
    public long LastInsertRowId => _direct && _inUse ? SqliteDirect.LastInsertRowId(_connection.Db) : raw.sqlite3_last_insert_rowid(_connection.Db);

    /// <summary>The number of result columns.</summary>
    public int ColumnCount => raw.sqlite3_column_count(_stmt);

    /// <summary>The name of a result column.</summary>
    public string GetColumnName(int ordinal)
    {
        CheckOrdinal(ordinal);
        return raw.sqlite3_column_name(_stmt, ordinal).utf8_to_string();
    }

    /// <summary>
    /// The ordinal of the column that matches <c>ResultMembers[memberSlot]</c> (ignoring case and underscores,
    /// so <c>parent_id</c> matches <c>ParentId</c>), or -1. Resolved once per prepare, and again when SQLite
    /// re-prepared the statement after a schema change.
    /// </summary>
    public int Ordinal(int memberSlot)
    {
        var ordinals = _ordinalsChecked ? _ordinals : null;
        ordinals ??= ResolveOrdinals();
        if ((uint)memberSlot >= (uint)ordinals.Length)
            throw new ArgumentOutOfRangeException(nameof(memberSlot), memberSlot, $"{Origin} declares {ordinals.Length} result members.");
        return ordinals[memberSlot];
    }

    /// <summary>Like <see cref="Ordinal"/>, but throws when the result has no column for the member.</summary>
    /// <exception cref="InvalidOperationException">No column matches; the message names the member, the origin and the SQL.</exception>
    public int RequiredOrdinal(int memberSlot)
    {
        int ordinal = Ordinal(memberSlot);
        if (ordinal < 0) throw MissingColumn(memberSlot);
        return ordinal;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidOperationException MissingColumn(int memberSlot)
        => Generated.ResultColumns.MissingColumn(Origin, _definition!.ResultMemberArray[memberSlot], _columnNames ?? [], Sql);

    private int[] ResolveOrdinals()
    {
        EnsureInUse();
        if (_definition is null)
            throw new InvalidOperationException($"Ordinal(memberSlot) needs a StatementDefinition with result members; ad-hoc SQL has none. Use GetColumnName. SQL: {Sql}");
        int reprepares = NativeStmtStatus(StatusReprepare);
        if (_ordinals is null || reprepares != _resolvedReprepareCount)
        {
            int count = raw.sqlite3_column_count(_stmt);
            var names = new string[count];
            for (int i = 0; i < count; i++) names[i] = raw.sqlite3_column_name(_stmt, i).utf8_to_string();
            var ordinals = Generated.ResultColumns.Resolve(names, _definition.ResultMemberArray, Origin, Sql);
            _columnNames = names;
            _ordinals = ordinals;
            _resolvedReprepareCount = reprepares;
        }

        _ordinalsChecked = true;
        return _ordinals;
    }

    /// <summary>The exception generated code throws when a non-nullable member meets a NULL column: <c>throw s.NullColumn(o, "Content")</c>.</summary>
    public Exception NullColumn(int ordinal, string member) => Generated.ResultColumns.NullColumn(Origin, SafeColumnName(ordinal), member, Sql);

    private string SafeColumnName(int ordinal)
        => (uint)ordinal < (uint)raw.sqlite3_column_count(_stmt) ? raw.sqlite3_column_name(_stmt, ordinal).utf8_to_string() : $"#{ordinal}";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureInUse()
    {
        if (!_inUse) ThrowNotInUse();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotInUse()
        => throw new ObjectDisposedException(nameof(PreparedStatement), $"This statement of {Origin} was disposed or its lease returned. SQL: {Sql}");

    private void CheckOrdinal(int ordinal)
    {
        EnsureInUse();
        if ((uint)ordinal >= (uint)raw.sqlite3_column_count(_stmt))
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"{Origin} returns {raw.sqlite3_column_count(_stmt)} columns. SQL: {Sql}");
    }
}
