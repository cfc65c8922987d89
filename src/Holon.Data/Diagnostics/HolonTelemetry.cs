using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Holon.Data.Internal;

namespace Holon.Data.Diagnostics;

/// <summary>
/// The <c>Holon.Data</c> <see cref="ActivitySource"/> and the span attributes of the OpenTelemetry database
/// semantic conventions. Everything here runs only after <see cref="ActivitySource.HasListeners"/> said yes.
/// </summary>
internal static class HolonTelemetry
{
    public const string SourceName = "Holon.Data";

    public static readonly ActivitySource Source = new(SourceName, typeof(HolonTelemetry).Assembly.GetName().Version?.ToString());

    // One meter for the process-wide call histogram, so the check on every call is one static field and Enabled (the
    // pools' own meters carry the connection metrics, per pool).
    private static readonly Meter s_meter = new(SourceName, typeof(HolonTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// <c>db.client.operation.duration</c> (OpenTelemetry database client conventions): seconds per generated or ad-hoc
    /// call, tagged <c>db.system.name</c>, <c>db.namespace</c>, <c>db.operation.name</c>, <c>db.collection.name</c> and,
    /// for a failed call, <c>error.type</c>. The buckets are the ones the conventions advise.
    /// </summary>
    public static readonly Histogram<double> OperationDuration = s_meter.CreateHistogram(
        "db.client.operation.duration", "s", "Duration of database client operations.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    // Parsed shapes of SQL texts, keyed by the text. Bounded: ad-hoc SQL is not, and past the bound a shape is
    // simply parsed again for each span.
    private const int MaxCachedShapes = 2048;
    private static readonly ConcurrentDictionary<string, SqlShape> s_shapes = new(StringComparer.Ordinal);

    public static SqlShape ShapeOf(string sql)
    {
        if (s_shapes.TryGetValue(sql, out var shape)) return shape;
        shape = SqlShape.Parse(sql);
        if (s_shapes.Count < MaxCachedShapes) s_shapes.TryAdd(sql, shape);
        return shape;
    }

    /// <summary>
    /// Starts a client span for one statement, or returns null (no listener, or sampled out). A wait that renting
    /// <paramref name="connection"/> deferred (<see cref="PhysicalConnection.TakeTracedWait"/>) moves the span's start back
    /// to the start of the wait and is recorded inside it.
    /// </summary>
    public static Activity? StartStatement(SqlitePool pool, string sql, string? function, PhysicalConnection? connection)
    {
        var shape = ShapeOf(sql);
        var activity = Source.StartActivity(shape.Summary, ActivityKind.Client);
        if (connection is not null && connection.TakeTracedWait(out var waitStartUtc, out var waited))
        {
            // The call began when its rent did; with no span (sampled out) the wait goes to the current one, as before.
            if (activity is not null && waitStartUtc < activity.StartTimeUtc) activity.SetStartTime(waitStartUtc);
            RecordLeaseWait(pool, connection.IsWriter, waitStartUtc, waited, acquired: true);
        }

        if (activity is null) return null;
        Describe(activity, shape, "sqlite", pool.TraceNamespace, sql, function, pool.Options.TraceQueryText);
        return activity;
    }

    /// <summary>
    /// Starts a client span for one statement of a backend without a pool of ours (PostgreSQL), or returns null (no
    /// listener, or sampled out). <paramref name="queryText"/> says whether the span may carry the SQL.
    /// </summary>
    public static Activity? StartStatement(string system, string? databaseNamespace, string sql, string? function, bool queryText)
    {
        var shape = ShapeOf(sql);
        var activity = Source.StartActivity(shape.Summary, ActivityKind.Client);
        if (activity is null) return null;
        Describe(activity, shape, system, databaseNamespace, sql, function, queryText);
        return activity;
    }

    private static void Describe(Activity activity, SqlShape shape, string system, string? databaseNamespace, string sql, string? function,
        bool queryText)
    {
        if (!activity.IsAllDataRequested) return;
        activity.SetTag("db.system.name", system);
        if (databaseNamespace is not null) activity.SetTag("db.namespace", databaseNamespace);
        if (shape.Operation is { } operation) activity.SetTag("db.operation.name", operation);
        if (shape.Collection is { } collection) activity.SetTag("db.collection.name", collection);
        activity.SetTag("db.query.summary", shape.Summary);
        if (function is not null) activity.SetTag("code.function.name", function);
        if (queryText) activity.SetTag("db.query.text", sql);
    }

    /// <summary>
    /// Status Error, <c>error.type</c>, SQLite's code and an <c>exception</c> event. Exception messages name the SQL and
    /// can hold row values, so they go into the span only where the SQL does (<see cref="SqlitePoolOptions.TraceQueryText"/>:
    /// the span carries <c>db.query.text</c>); otherwise the description is the exception type and SQLite's code name.
    /// </summary>
    public static void RecordError(Activity activity, Exception exception)
    {
        var sqlite = exception as Microsoft.Data.Sqlite.SqliteException;
        RecordError(activity, exception, sqlite is null ? null : SqliteCodeNames.Of(sqlite.SqliteExtendedErrorCode),
            sqlite?.SqliteExtendedErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The rule for every backend: status Error, <c>error.type</c>, <paramref name="statusCode"/> as
    /// <c>db.response.status_code</c> and an <c>exception</c> event. The description and the event's message are the
    /// exception type and <paramref name="code"/> (the backend's name for the error), and the exception's message
    /// (which can hold SQL and row values) only when the span carries <c>db.query.text</c>.
    /// </summary>
    public static void RecordError(Activity activity, Exception exception, string? code, string? statusCode)
    {
        string type = exception.GetType().FullName ?? exception.GetType().Name;
        string description = activity.GetTagItem("db.query.text") is not null
            ? exception.Message
            : code is null ? type : type + " " + code;
        activity.SetStatus(ActivityStatusCode.Error, description);
        activity.SetTag("error.type", type);
        if (statusCode is not null) activity.SetTag("db.response.status_code", statusCode);
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = type,
            ["exception.message"] = description,
        }));
    }

    /// <summary>
    /// Makes a finished wait for a lease visible: a child span of the current one when it lasted at least
    /// <see cref="SqlitePoolOptions.TraceLeaseWaitThreshold"/>, else an event on the current span.
    /// </summary>
    public static void RecordLeaseWait(SqlitePool pool, bool isWriter, DateTime startUtc, TimeSpan waited, bool acquired)
    {
        string side = isWriter ? "writer" : "reader";
        if (waited >= pool.Options.TraceLeaseWaitThreshold)
        {
            var span = Source.CreateActivity(isWriter ? "sqlite wait for writer" : "sqlite wait for reader", ActivityKind.Internal);
            if (span is null) return;
            span.SetStartTime(startUtc);
            span.Start();
            span.SetTag("db.system.name", "sqlite");
            span.SetTag("db.client.connection.pool.name", pool.Name);
            span.SetTag("holon.data.lease.side", side);
            if (!acquired) span.SetStatus(ActivityStatusCode.Error, "no lease");
            span.SetEndTime(startUtc + waited);
            span.Stop();
            return;
        }

        Activity.Current?.AddEvent(new ActivityEvent("holon.data.lease.wait", tags: new ActivityTagsCollection
        {
            ["holon.data.lease.side"] = side,
            ["holon.data.lease.wait_ms"] = waited.TotalMilliseconds,
        }));
    }
}
