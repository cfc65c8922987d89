using Holon.Data.Internal;

namespace Holon.Data;

public readonly partial struct ConnectionLease
{
    /// <summary>Begins a transaction: <c>BEGIN IMMEDIATE</c> on the writer, a read snapshot (<c>BEGIN</c>) on a reader; nested calls use SAVEPOINTs.</summary>
    public LeaseTransaction BeginTransaction() => LeaseTransaction.Begin(this);

    /// <summary>
    /// Runs constant SQL with positional arguments (<c>?1, ?2 …</c>, or <c>@a, @b …</c> in order of first appearance)
    /// and returns the rows changed. Arguments are bound with the same conventions as the typed binds.
    /// </summary>
    public int Execute(string sql, params ReadOnlySpan<object?> args)
    {
        using var span = StatementSpan.StartAdHoc(this, sql); // tracing: one HasListeners() check when nobody listens
        try
        {
            using var s = Statement(sql);
            s.BindAll(args);
            while (s.Step()) { }
            return s.Changes;
        }
        catch (Exception e) when (span.Fail(e))
        {
            throw; // never reached: Fail records the error and returns false
        }
    }

    /// <summary>
    /// Runs a constant script of one or more statements without parameters (schema creation, migrations), through
    /// <c>sqlite3_exec</c>; nothing is cached. Returns the rows the script changed.
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">A statement failed; earlier statements of the script stay applied unless you run it in a transaction.</exception>
    public int ExecuteScript(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var c = Live;
        // Any script may BEGIN without COMMIT; asking SQLite on return whether a transaction is open is cheap.
        c.StatementStarting(SqlClassifier.ChangesConnectionState(sql), mayBeginTransaction: true);
        int before = SQLitePCL.raw.sqlite3_total_changes(c.Db);
        int rc = SQLitePCL.raw.sqlite3_exec(c.Db, sql, null, null, out var message);
        if (rc != SQLitePCL.raw.SQLITE_OK) throw Errors.Sqlite(rc, SQLitePCL.raw.sqlite3_extended_errcode(c.Db), ReaderGuard.Explain(c, rc, message), "ad-hoc script", sql);
        return SQLitePCL.raw.sqlite3_total_changes(c.Db) - before;
    }

    /// <summary>Runs constant SQL and converts the first column of the first row to <typeparamref name="T"/>; default when there is no row or it is NULL.</summary>
    public T? Scalar<T>(string sql, params ReadOnlySpan<object?> args)
    {
        using var span = StatementSpan.StartAdHoc(this, sql); // tracing
        try
        {
            using var s = Statement(sql);
            s.BindAll(args);
            bool row = s.Step();
            span.SetReturnedRows(row ? 1 : 0);
            if (!row || s.IsNull(0)) return default;
            return s.GetValue<T>(0);
        }
        catch (Exception e) when (span.Fail(e))
        {
            throw; // never reached
        }
    }

    /// <summary>
    /// Runs constant SQL and maps every row with <paramref name="map"/> (which reads the current row from the
    /// statement; it must not keep it). Arguments bind positionally as in <see cref="Execute"/>.
    /// </summary>
    public List<T> Query<T>(string sql, Func<PreparedStatement, T> map, params ReadOnlySpan<object?> args)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var span = StatementSpan.StartAdHoc(this, sql); // tracing
        try
        {
            using var s = Statement(sql);
            s.BindAll(args);
            var rows = new List<T>();
            while (s.Step()) rows.Add(map(s));
            span.SetReturnedRows(rows.Count);
            return rows;
        }
        catch (Exception e) when (span.Fail(e))
        {
            throw; // never reached
        }
    }
}
