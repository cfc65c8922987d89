using System.Runtime.CompilerServices;
using Holon.Data.Internal.Native;
using SQLitePCL;

namespace Holon.Data;

// The native calls of the hot path, each either straight into SQLite (SqliteDirect) or through SQLitePCLRaw when the
// direct path is unavailable; which one is fixed when the statement is prepared. Both give the same results.
// Callers reach these only while the statement is in use (EnsureInUse or an open _stmt), so the handle is live.
public sealed partial class PreparedStatement
{
    private readonly bool _direct = SqliteDirect.Enabled;

    /// <summary>True when this statement calls SQLite directly rather than through SQLitePCLRaw.</summary>
    internal bool UsesDirectPath => _direct;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeStep() => _direct ? SqliteDirect.Step(_stmt) : raw.sqlite3_step(_stmt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeReset() => _direct ? SqliteDirect.Reset(_stmt) : raw.sqlite3_reset(_stmt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeClearBindings() => _direct ? SqliteDirect.ClearBindings(_stmt) : raw.sqlite3_clear_bindings(_stmt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeStmtStatus(int op) => _direct ? SqliteDirect.StmtStatus(_stmt, op, 0) : raw.sqlite3_stmt_status(_stmt, op, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeBindNull(int index) => _direct ? SqliteDirect.BindNull(_stmt, index) : raw.sqlite3_bind_null(_stmt, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeBindInt64(int index, long value) => _direct ? SqliteDirect.BindInt64(_stmt, index, value) : raw.sqlite3_bind_int64(_stmt, index, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeBindDouble(int index, double value) => _direct ? SqliteDirect.BindDouble(_stmt, index, value) : raw.sqlite3_bind_double(_stmt, index, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeBindBlob(int index, ReadOnlySpan<byte> value)
    {
        if (_direct) return SqliteDirect.BindBlob(_stmt, index, value);
        return value.IsEmpty ? raw.sqlite3_bind_zeroblob(_stmt, index, 0) : raw.sqlite3_bind_blob(_stmt, index, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeColumnType(int ordinal) => _direct ? SqliteDirect.ColumnType(_stmt, ordinal) : raw.sqlite3_column_type(_stmt, ordinal);

    /// <summary>The column's storage class and, when it is INTEGER, its value in <paramref name="value"/> (else 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NativeColumnTypeAndInt64(int ordinal, out long value)
    {
        if (_direct) return SqliteDirect.ColumnTypeAndInt64(_stmt, ordinal, out value);
        int type = raw.sqlite3_column_type(_stmt, ordinal);
        value = type == raw.SQLITE_INTEGER ? raw.sqlite3_column_int64(_stmt, ordinal) : 0;
        return type;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long NativeColumnInt64(int ordinal) => _direct ? SqliteDirect.ColumnInt64(_stmt, ordinal) : raw.sqlite3_column_int64(_stmt, ordinal);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double NativeColumnDouble(int ordinal) => _direct ? SqliteDirect.ColumnDouble(_stmt, ordinal) : raw.sqlite3_column_double(_stmt, ordinal);

    /// <summary>The column's bytes (text as UTF-8): pointer and length in one span, valid until the next step or reset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> NativeColumnBytes(int ordinal) => _direct ? SqliteDirect.ColumnBytes(_stmt, ordinal) : raw.sqlite3_column_blob(_stmt, ordinal);
}
