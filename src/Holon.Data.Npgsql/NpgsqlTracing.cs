namespace Holon.Data.Npgsql;

/// <summary>
/// What the <c>Holon.Data</c> spans of generated PostgreSQL calls may carry. PostgreSQL has no options object of
/// ours (the class's connection source is Npgsql's own <c>NpgsqlDataSource</c>), so the opt-in is one process-wide
/// setting, read when a span starts; it is the counterpart of <see cref="SqlitePoolOptions.TraceQueryText"/>.
/// </summary>
public static class NpgsqlTracing
{
    private static volatile bool s_traceQueryText;

    /// <summary>
    /// When true, each span carries the SQL as <c>db.query.text</c> and a failed span's status description and
    /// <c>exception</c> event carry the exception's message (which names the SQL). Off by default: SQL literals can
    /// hold secrets. Bound values are never recorded either way.
    /// </summary>
    public static bool TraceQueryText
    {
        get => s_traceQueryText;
        set => s_traceQueryText = value;
    }
}
