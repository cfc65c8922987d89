using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Holon.Data.Internal.Native;

/// <summary>
/// The statement calls of the hot path (bind, step, column reads, reset) made straight into the e_sqlite3 that
/// SQLitePCLRaw loaded, through unmanaged function pointers: no SafeHandle reference counting and, where SQLite
/// neither blocks nor calls back, no GC transition. Everything else (open, prepare, hooks, the authorizer, errors)
/// stays on <see cref="raw"/>. Resolved once per process; when it cannot be (library not found, an export missing,
/// or a different SQLite than SQLitePCLRaw's), <see cref="IsAvailable"/> is false and callers use <see cref="raw"/>.
/// </summary>
/// <remarks>
/// Every method takes the statement's SafeHandle and keeps it alive across the call, so a finalizer cannot free the
/// <c>sqlite3_stmt</c> under it. Callers must only pass a statement that is not yet finalized.
/// <para>
/// <c>SuppressGCTransition</c> is used only where the call is short and can neither wait nor re-enter managed code:
/// the column and bind calls touch only the statement's own memory (a bind with <c>SQLITE_TRANSIENT</c> copies the
/// value with SQLite's allocator; values over <see cref="LongCopy"/> bytes take the ordinary transition so a GC is
/// never held back by a long copy); <c>clear_bindings</c> frees only what SQLite itself copied; <c>stmt_status</c>
/// reads a counter, as <c>changes</c> and <c>last_insert_rowid</c> read one of the connection. Their db mutex is never contended, because a connection is used by one lease at a time (its
/// only cross-thread call, <c>sqlite3_interrupt</c>, takes no mutex). <c>step</c> and <c>reset</c> keep the
/// ordinary transition: step waits on locks and busy timeouts and runs the authorizer and update hooks, and reset
/// of an unfinished write can end its transaction, running the commit and rollback hooks.
/// </para>
/// <para>
/// The wrappers are never inlined: on 64-bit the JIT does not inline a native call that sits inside a try region
/// (generated bodies and statement methods run inside <c>using</c> and <c>catch</c> blocks) and routes it through an
/// IL stub instead; a small wrapper without exception handling keeps the call inline, at the cost of one plain call.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal static unsafe class SqliteDirect
{
    /// <summary>Values longer than this are bound with the ordinary GC transition.</summary>
    public const int LongCopy = 4096;

    private const nint Transient = -1;

    private static readonly delegate* unmanaged[Cdecl]<nint, int> s_step;
    private static readonly delegate* unmanaged[Cdecl]<nint, int> s_reset;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int> s_clearBindings;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int, int> s_stmtStatus;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> s_bindNull;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long, int> s_bindInt64;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double, int> s_bindDouble;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int> s_bindText;
    private static readonly delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int> s_bindTextLong;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int> s_bindBlob;
    private static readonly delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int> s_bindBlobLong;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> s_columnType;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long> s_columnInt64;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double> s_columnDouble;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, nint> s_columnValue;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, byte*> s_valueBlob;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int> s_valueBytes;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int> s_valueType;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, long> s_valueInt64;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int> s_changes;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, long> s_lastInsertRowId;

    static SqliteDirect()
    {
        try
        {
            // Microsoft.Data.Sqlite's static constructor gives SQLitePCLRaw its provider (loading SQLite); the direct
            // path must resolve against that library, whichever of the two is touched first.
            RuntimeHelpers.RunClassConstructor(typeof(Microsoft.Data.Sqlite.SqliteConnection).TypeHandle);
            if (SqliteLibrary.Find() is not { } lib)
            {
                UnavailableReason = SqliteLibrary.LastFailure;
                return;
            }

            s_step = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_step");
            s_reset = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_reset");
            s_clearBindings = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_clear_bindings");
            s_stmtStatus = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int, int>)NativeLibrary.GetExport(lib, "sqlite3_stmt_status");
            s_bindNull = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(lib, "sqlite3_bind_null");
            s_bindInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long, int>)NativeLibrary.GetExport(lib, "sqlite3_bind_int64");
            s_bindDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double, int>)NativeLibrary.GetExport(lib, "sqlite3_bind_double");
            nint bindText = NativeLibrary.GetExport(lib, "sqlite3_bind_text");
            s_bindText = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int>)bindText;
            s_bindTextLong = (delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int>)bindText;
            nint bindBlob = NativeLibrary.GetExport(lib, "sqlite3_bind_blob");
            s_bindBlob = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int>)bindBlob;
            s_bindBlobLong = (delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int>)bindBlob;
            s_columnType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(lib, "sqlite3_column_type");
            s_columnInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long>)NativeLibrary.GetExport(lib, "sqlite3_column_int64");
            s_columnDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double>)NativeLibrary.GetExport(lib, "sqlite3_column_double");
            s_columnValue = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, nint>)NativeLibrary.GetExport(lib, "sqlite3_column_value");
            s_valueBlob = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, byte*>)NativeLibrary.GetExport(lib, "sqlite3_value_blob");
            s_valueBytes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_value_bytes");
            s_valueType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_value_type");
            s_valueInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, long>)NativeLibrary.GetExport(lib, "sqlite3_value_int64");
            s_changes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_changes");
            s_lastInsertRowId = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, long>)NativeLibrary.GetExport(lib, "sqlite3_last_insert_rowid");
            IsAvailable = true;
        }
        catch (Exception e)
        {
            // Whatever fails (an export missing, no provider), the statements still run, through SQLitePCLRaw.
            UnavailableReason = $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>True when every call here goes to the same SQLite as <see cref="raw"/>.</summary>
    public static bool IsAvailable { get; }

    /// <summary>Why <see cref="IsAvailable"/> is false (null when it is true).</summary>
    public static string? UnavailableReason { get; }

    /// <summary>Set by tests: statements prepared while it is true use <see cref="raw"/>, as when the direct path cannot load.</summary>
    public static volatile bool ForceFallback;

    /// <summary>Whether a statement prepared now takes the direct path.</summary>
    public static bool Enabled => IsAvailable && !ForceFallback;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Step(sqlite3_stmt stmt)
    {
        int rc = s_step(stmt.DangerousGetHandle());
        GC.KeepAlive(stmt);
        return rc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Reset(sqlite3_stmt stmt)
    {
        int rc = s_reset(stmt.DangerousGetHandle());
        GC.KeepAlive(stmt);
        return rc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ClearBindings(sqlite3_stmt stmt)
    {
        int rc = s_clearBindings(stmt.DangerousGetHandle());
        GC.KeepAlive(stmt);
        return rc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int StmtStatus(sqlite3_stmt stmt, int op, int resetFlag)
    {
        int value = s_stmtStatus(stmt.DangerousGetHandle(), op, resetFlag);
        GC.KeepAlive(stmt);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int BindNull(sqlite3_stmt stmt, int index)
    {
        int rc = s_bindNull(stmt.DangerousGetHandle(), index);
        GC.KeepAlive(stmt);
        return rc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int BindInt64(sqlite3_stmt stmt, int index, long value)
    {
        int rc = s_bindInt64(stmt.DangerousGetHandle(), index, value);
        GC.KeepAlive(stmt);
        return rc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int BindDouble(sqlite3_stmt stmt, int index, double value)
    {
        int rc = s_bindDouble(stmt.DangerousGetHandle(), index, value);
        GC.KeepAlive(stmt);
        return rc;
    }

    /// <summary>Binds UTF-8 text; SQLite copies it (<c>SQLITE_TRANSIENT</c>), so the span may be a stack buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int BindText(sqlite3_stmt stmt, int index, ReadOnlySpan<byte> utf8)
    {
        int rc;
        // An empty span may have no address, which SQLite would bind as NULL: point at a static NUL instead.
        fixed (byte* p = utf8.IsEmpty ? "\0"u8 : utf8)
        {
            nint h = stmt.DangerousGetHandle();
            rc = utf8.Length <= LongCopy ? s_bindText(h, index, p, utf8.Length, Transient) : s_bindTextLong(h, index, p, utf8.Length, Transient);
        }

        GC.KeepAlive(stmt);
        return rc;
    }

    /// <summary>Binds a BLOB (copied: <c>SQLITE_TRANSIENT</c>); an empty span binds a zero-length BLOB, not NULL.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int BindBlob(sqlite3_stmt stmt, int index, ReadOnlySpan<byte> value)
    {
        int rc;
        fixed (byte* p = value.IsEmpty ? "\0"u8 : value)
        {
            nint h = stmt.DangerousGetHandle();
            rc = value.Length <= LongCopy ? s_bindBlob(h, index, p, value.Length, Transient) : s_bindBlobLong(h, index, p, value.Length, Transient);
        }

        GC.KeepAlive(stmt);
        return rc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ColumnType(sqlite3_stmt stmt, int ordinal)
    {
        int type = s_columnType(stmt.DangerousGetHandle(), ordinal);
        GC.KeepAlive(stmt);
        return type;
    }

    /// <summary>
    /// The column's storage class and, when it is INTEGER, its value: one trip through the connection's mutex instead
    /// of the two that column_type and column_int64 take (the same unprotected-value rule as <see cref="ColumnBytes"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ColumnTypeAndInt64(sqlite3_stmt stmt, int ordinal, out long value)
    {
        nint cell = s_columnValue(stmt.DangerousGetHandle(), ordinal);
        int type = s_valueType(cell);
        value = type == raw.SQLITE_INTEGER ? s_valueInt64(cell) : 0;
        GC.KeepAlive(stmt);
        return type;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ColumnInt64(sqlite3_stmt stmt, int ordinal)
    {
        long value = s_columnInt64(stmt.DangerousGetHandle(), ordinal);
        GC.KeepAlive(stmt);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double ColumnDouble(sqlite3_stmt stmt, int ordinal)
    {
        double value = s_columnDouble(stmt.DangerousGetHandle(), ordinal);
        GC.KeepAlive(stmt);
        return value;
    }

    /// <summary>The column's bytes (text as UTF-8, unconverted), valid until the next step, reset or conversion of the column.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ReadOnlySpan<byte> ColumnBytes(sqlite3_stmt stmt, int ordinal)
    {
        // column_blob and column_bytes each take the connection's mutex; column_value takes it once and value_blob and
        // value_bytes read the same cell without it (what the two column calls do inside). SQLite calls such a value
        // unprotected: not safe while another thread uses the connection, which a leased connection never has.
        // SQLite's rule: ask for the pointer first, then the length the pointer's format has.
        nint value = s_columnValue(stmt.DangerousGetHandle(), ordinal);
        byte* p = s_valueBlob(value);
        int n = s_valueBytes(value);
        GC.KeepAlive(stmt);
        return p is null ? default : new ReadOnlySpan<byte>(p, n);
    }

    /// <summary>Rows changed by the connection's last INSERT, UPDATE or DELETE.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Changes(sqlite3 db)
    {
        int n = s_changes(db.DangerousGetHandle());
        GC.KeepAlive(db);
        return n;
    }

    /// <summary>The rowid of the connection's last successful INSERT.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long LastInsertRowId(sqlite3 db)
    {
        long id = s_lastInsertRowId(db.DangerousGetHandle());
        GC.KeepAlive(db);
        return id;
    }
}
