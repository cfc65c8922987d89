using System.Diagnostics;
using System.Runtime.CompilerServices;
using Holon.Data.Diagnostics;

namespace Holon.Data;

/// <summary>
/// The trace span of one database call on the <c>Holon.Data</c> <see cref="ActivitySource"/>, following the
/// OpenTelemetry database semantic conventions, and its <c>db.client.operation.duration</c> measurement on the
/// <c>Holon.Data</c> meter. Generated code starts one at the top of every call; when nobody listens to either,
/// <see cref="Start(SqlitePool, StatementDefinition, string?)"/> costs one <see cref="ActivitySource.HasListeners"/>
/// check and one <see cref="System.Diagnostics.Metrics.Instrument.Enabled"/> check and returns an empty span whose
/// members do nothing.
/// </summary>
/// <example>
/// <code>
/// using var span = StatementSpan.Start(pool, s_get);
/// try
/// {
///     // rent, bind, step, map …
///     span.SetReturnedRows(rows);
/// }
/// catch (Exception e) when (span.Fail(e))
/// {
///     throw; // never reached: Fail returns false, so the exception keeps its stack and nothing is caught
/// }
/// </code>
/// </example>
public readonly partial struct StatementSpan : IDisposable, ICallSpan
{
    private readonly Activity? _activity;
    private readonly OperationTimer? _timer;

    private StatementSpan(Activity? activity, OperationTimer? timer)
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

    /// <summary>Starts the span of a call that will rent from <paramref name="pool"/> (start it before the rent, so a wait shows inside it).</summary>
    /// <param name="pool">The pool the call uses.</param>
    /// <param name="definition">The statement the call runs.</param>
    /// <param name="function">The calling method, <c>Namespace.Type.Method</c> (<c>code.function.name</c>); default <see cref="StatementDefinition.Origin"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatementSpan Start(SqlitePool pool, StatementDefinition definition, string? function = null)
    {
        if (Off) return default;
        return StartSlow(pool, definition, function);
    }

    /// <summary>
    /// Starts the span of a call that runs on a lease the caller holds. When renting that lease had to wait outside any
    /// Holon span (a generated call rents, then starts its span), the span starts when the wait did and holds it.
    /// </summary>
    /// <param name="lease">The caller's lease.</param>
    /// <param name="definition">The statement the call runs.</param>
    /// <param name="function">The calling method (<c>code.function.name</c>); default <see cref="StatementDefinition.Origin"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatementSpan Start(ConnectionLease lease, StatementDefinition definition, string? function = null)
    {
        if (Off) return default;
        return StartSlow(lease, definition, function);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StatementSpan StartSlow(SqlitePool pool, StatementDefinition definition, string? function)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(definition);
        return Begin(pool, definition.Sql, function ?? definition.Origin, null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StatementSpan StartSlow(ConnectionLease lease, StatementDefinition definition, string? function)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var connection = lease.Rented;
        return Begin(connection.Pool, definition.Sql, function ?? definition.Origin, connection);
    }

    private static StatementSpan Begin(SqlitePool pool, string sql, string? function, Internal.PhysicalConnection? connection)
    {
        var timer = HolonTelemetry.OperationDuration.Enabled ? new OperationTimer("sqlite", pool.TraceNamespace, sql) : null;
        var activity = HolonTelemetry.Source.HasListeners() ? HolonTelemetry.StartStatement(pool, sql, function, connection) : null;
        return new StatementSpan(activity, timer);
    }

    /// <summary>For the ad-hoc <see cref="ConnectionLease"/> methods: SQL text, no calling method.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static StatementSpan StartAdHoc(ConnectionLease lease, string sql)
    {
        if (Off) return default;
        var connection = lease.Rented;
        return Begin(connection.Pool, sql, null, connection);
    }

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
    /// Marks the span failed (status Error, <c>error.type</c>) and returns false, so it fits an exception filter
    /// (<c>catch (Exception e) when (span.Fail(e))</c>) that records without catching.
    /// </summary>
    public bool Fail(Exception exception)
    {
        if (exception is null) return false;
        if (_activity is { } a) HolonTelemetry.RecordError(a, exception);
        _timer?.Failed(exception);
        return false;
    }

    /// <summary>Ends the span and records the call's duration.</summary>
    public void Dispose()
    {
        _activity?.Dispose();
        _timer?.Record();
    }
}
