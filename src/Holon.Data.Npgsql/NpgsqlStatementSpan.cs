using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Holon.Data.Diagnostics;
using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// The trace span of one generated PostgreSQL call on the <c>Holon.Data</c> <see cref="ActivitySource"/> and its
/// <c>db.client.operation.duration</c> measurement on the <c>Holon.Data</c> meter: the counterpart of
/// <see cref="StatementSpan"/>, with the same attributes (<c>db.system.name = postgresql</c>, <c>db.namespace</c> the
/// database name) and the server's SQLSTATE as <c>db.response.status_code</c> on failure. When nobody listens,
/// <c>Start</c> costs one <see cref="ActivitySource.HasListeners"/> check and one
/// <see cref="System.Diagnostics.Metrics.Instrument.Enabled"/> check and returns an empty span whose members do nothing.
/// </summary>
public readonly struct NpgsqlStatementSpan : IDisposable, ICallSpan
{
    private const string System = "postgresql";

    // Database names of data sources, parsed once per source (only while someone listens).
    private static readonly ConditionalWeakTable<NpgsqlDataSource, string> s_databases = new();

    private readonly Activity? _activity;
    private readonly OperationTimer? _timer;

    private NpgsqlStatementSpan(Activity? activity, OperationTimer? timer)
    {
        _activity = activity;
        _timer = timer;
    }

    private static bool Off
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => !HolonTelemetry.Source.HasListeners() && !HolonTelemetry.OperationDuration.Enabled;
    }

    /// <summary>True when a listener records this span.</summary>
    public bool IsRecording => _activity is not null;

    /// <summary>Starts the span of a call that will open a connection from <paramref name="source"/> (start it before the open, so the wait shows inside it).</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="definition">The statement the call runs.</param>
    /// <param name="function">The calling method, <c>Namespace.Type.Method</c> (<c>code.function.name</c>); default <see cref="StatementDefinition.Origin"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NpgsqlStatementSpan Start(NpgsqlDataSource source, StatementDefinition definition, string? function = null)
    {
        if (Off) return default;
        ArgumentNullException.ThrowIfNull(source);
        return Begin(DatabaseOf(source), definition, function);
    }

    /// <summary>Starts the span of a call that runs on the caller's connection.</summary>
    /// <param name="lease">The lease over the caller's connection.</param>
    /// <param name="definition">The statement the call runs.</param>
    /// <param name="function">The calling method (<c>code.function.name</c>); default <see cref="StatementDefinition.Origin"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NpgsqlStatementSpan Start(NpgsqlLease lease, StatementDefinition definition, string? function = null)
    {
        if (Off) return default;
        return Begin(lease.Connection?.Database, definition, function);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NpgsqlStatementSpan Begin(string? database, StatementDefinition definition, string? function)
    {
        ArgumentNullException.ThrowIfNull(definition);
        string sql = definition.Sql;
        var timer = HolonTelemetry.OperationDuration.Enabled ? new OperationTimer(System, database, sql) : null;
        var activity = HolonTelemetry.Source.HasListeners()
            ? HolonTelemetry.StartStatement(System, database, sql, function ?? definition.Origin, NpgsqlTracing.TraceQueryText)
            : null;
        return new NpgsqlStatementSpan(activity, timer);
    }

    private static string? DatabaseOf(NpgsqlDataSource source) =>
        s_databases.GetValue(source, s => new NpgsqlConnectionStringBuilder(s.ConnectionString).Database ?? "") is { Length: > 0 } name ? name : null;

    /// <summary>Records <c>db.response.returned_rows</c>.</summary>
    public void SetReturnedRows(int rows)
    {
        if (_activity is { IsAllDataRequested: true } a) a.SetTag("db.response.returned_rows", rows);
    }

    /// <summary>
    /// Records <c>db.operation.batch.size</c> for a bulk command that ran its statement <paramref name="elements"/>
    /// times; by the conventions a batch has two operations or more, so a smaller count records nothing.
    /// </summary>
    public void SetBatchSize(int elements)
    {
        if (elements >= 2 && _activity is { IsAllDataRequested: true } a) a.SetTag("db.operation.batch.size", elements);
    }

    /// <summary>
    /// Marks the span failed (status Error, <c>error.type</c>, the SQLSTATE as <c>db.response.status_code</c>) and
    /// returns false, so it fits an exception filter (<c>catch (Exception e) when (span.Fail(e))</c>) that records
    /// without catching. Without <see cref="NpgsqlTracing.TraceQueryText"/> the description is the exception type and
    /// the SQLSTATE: the message, which names the SQL, stays out.
    /// </summary>
    public bool Fail(Exception exception)
    {
        if (exception is null) return false;
        if (_activity is { } a)
        {
            string? state = SqlStateOf(exception);
            HolonTelemetry.RecordError(a, exception, state, state);
        }
        _timer?.Failed(exception);
        return false;
    }

    private static string? SqlStateOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is DbException { SqlState: { Length: > 0 } state }) return state;
        return null;
    }

    /// <summary>Ends the span and records the call's duration.</summary>
    public void Dispose()
    {
        _activity?.Dispose();
        _timer?.Record();
    }

    /// <summary>
    /// The traced form of a stream over <paramref name="source"/>: <paramref name="rows"/> itself when nobody listens
    /// (one <see cref="ActivitySource.HasListeners"/> check and one check of the duration histogram), else a wrapper
    /// whose enumeration is one span and one duration measurement, started before the first row is asked for.
    /// </summary>
    /// <param name="source">The data source the stream opens a connection from.</param>
    /// <param name="definition">The statement the stream runs.</param>
    /// <param name="function">The calling method (<c>code.function.name</c>).</param>
    /// <param name="rows">The untraced stream.</param>
    public static IAsyncEnumerable<T> Stream<T>(NpgsqlDataSource source, StatementDefinition definition, string? function, IAsyncEnumerable<T> rows)
    {
        if (Off) return rows;
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rows);
        return Traced(source, default, definition, function, rows);
    }

    /// <summary>The traced form of a stream on the caller's connection; see <see cref="Stream{T}(NpgsqlDataSource, StatementDefinition, string?, IAsyncEnumerable{T})"/>.</summary>
    /// <param name="lease">The lease over the caller's connection.</param>
    /// <param name="definition">The statement the stream runs.</param>
    /// <param name="function">The calling method (<c>code.function.name</c>).</param>
    /// <param name="rows">The untraced stream.</param>
    public static IAsyncEnumerable<T> Stream<T>(NpgsqlLease lease, StatementDefinition definition, string? function, IAsyncEnumerable<T> rows)
    {
        if (Off) return rows;
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rows);
        return Traced(null, lease, definition, function, rows);
    }

    // TracedStream owns the span of a stream: started when enumeration starts, failed when a step throws.
    private static IAsyncEnumerable<T> Traced<T>(NpgsqlDataSource? source, NpgsqlLease lease, StatementDefinition definition,
        string? function, IAsyncEnumerable<T> rows) =>
        TracedStream.Rows((source, lease, definition, function),
            static s => s.source is not null ? Start(s.source, s.definition, s.function) : Start(s.lease, s.definition, s.function), rows);
}
