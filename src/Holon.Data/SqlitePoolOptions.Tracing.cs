namespace Holon.Data;

public sealed partial class SqlitePoolOptions
{
    /// <summary>
    /// Put the SQL text in trace spans as <c>db.query.text</c> (default false: SQL can hold secrets in literals).
    /// Spans always carry <c>db.query.summary</c> (operation and tables, such as <c>SELECT blocks</c>).
    /// </summary>
    public bool TraceQueryText { get; set; }

    /// <summary>
    /// A rent that waited at least this long (default 1 ms) shows as its own child span (<c>sqlite wait for reader</c>
    /// or <c>… writer</c>) when tracing is on; a shorter wait is an event (<c>holon.data.lease.wait</c>) on the current span.
    /// </summary>
    public TimeSpan TraceLeaseWaitThreshold { get; set; } = TimeSpan.FromMilliseconds(1);
}
