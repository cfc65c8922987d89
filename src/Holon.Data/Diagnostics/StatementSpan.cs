using System.Diagnostics;
using System.Runtime.CompilerServices;
using Holon.Data.Diagnostics;

namespace Holon.Data;

/// <summary>
/// The trace span of one database call on the <c>Holon.Data</c> <see cref="ActivitySource"/>, following the
/// OpenTelemetry database semantic conventions. Generated code starts one at the top of every call; when nobody
/// listens, <see cref="Start(SqlitePool, StatementDefinition, string?)"/> costs one <see cref="ActivitySource.HasListeners"/>
/// check and returns an empty span whose members do nothing.
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
public readonly partial struct StatementSpan : IDisposable
{
    private readonly Activity? _activity;

    private StatementSpan(Activity? activity) => _activity = activity;

    /// <summary>True when a listener records this span.</summary>
    public bool IsRecording => _activity is not null;

    /// <summary>Starts the span of a call that will rent from <paramref name="pool"/> (start it before the rent, so a wait shows inside it).</summary>
    /// <param name="pool">The pool the call uses.</param>
    /// <param name="definition">The statement the call runs.</param>
    /// <param name="function">The calling method, <c>Namespace.Type.Method</c> (<c>code.function.name</c>); default <see cref="StatementDefinition.Origin"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatementSpan Start(SqlitePool pool, StatementDefinition definition, string? function = null)
    {
        if (!HolonTelemetry.Source.HasListeners()) return default;
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
        if (!HolonTelemetry.Source.HasListeners()) return default;
        return StartSlow(lease, definition, function);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StatementSpan StartSlow(SqlitePool pool, StatementDefinition definition, string? function)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(definition);
        return new StatementSpan(HolonTelemetry.StartStatement(pool, definition.Sql, function ?? definition.Origin, null));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StatementSpan StartSlow(ConnectionLease lease, StatementDefinition definition, string? function)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var connection = lease.Rented;
        return new StatementSpan(HolonTelemetry.StartStatement(connection.Pool, definition.Sql, function ?? definition.Origin, connection));
    }

    /// <summary>For the ad-hoc <see cref="ConnectionLease"/> methods: SQL text, no calling method.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static StatementSpan StartAdHoc(ConnectionLease lease, string sql)
    {
        if (!HolonTelemetry.Source.HasListeners()) return default;
        var connection = lease.Rented;
        return new StatementSpan(HolonTelemetry.StartStatement(connection.Pool, sql, null, connection));
    }

    /// <summary>Records <c>db.response.returned_rows</c>.</summary>
    public void SetReturnedRows(int rows)
    {
        if (_activity is { IsAllDataRequested: true } a) a.SetTag("db.response.returned_rows", rows);
    }

    /// <summary>
    /// Marks the span failed (status Error, <c>error.type</c>) and returns false, so it fits an exception filter
    /// (<c>catch (Exception e) when (span.Fail(e))</c>) that records without catching.
    /// </summary>
    public bool Fail(Exception exception)
    {
        if (_activity is { } a && exception is not null) HolonTelemetry.RecordError(a, exception);
        return false;
    }

    /// <summary>Ends the span.</summary>
    public void Dispose() => _activity?.Dispose();
}
