using Holon.Data.Diagnostics;

namespace Holon.Data;

// The span of a generated stream: only when someone listens, TracedStream wraps the plain row iterator and owns the
// span (started when enumeration starts, rows counted, failed when a step throws).
public readonly partial struct StatementSpan
{
    /// <summary>
    /// The traced form of a stream over <paramref name="pool"/>: <paramref name="rows"/> itself when nobody listens
    /// (one <see cref="System.Diagnostics.ActivitySource.HasListeners"/> check and one check of the duration histogram),
    /// else a wrapper whose enumeration is one span and one duration measurement:
    /// started before the first row is asked for, <c>db.response.returned_rows</c> at the end, status Error and
    /// <c>error.type</c> when a step throws.
    /// </summary>
    /// <param name="pool">The pool the stream rents from.</param>
    /// <param name="definition">The statement the stream runs.</param>
    /// <param name="function">The calling method (<c>code.function.name</c>).</param>
    /// <param name="rows">The untraced stream.</param>
    public static IAsyncEnumerable<T> Stream<T>(SqlitePool pool, StatementDefinition definition, string? function, IAsyncEnumerable<T> rows)
    {
        if (Off) return rows;
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rows);
        return Traced(pool, default, definition, function, rows);
    }

    /// <summary>The traced form of a stream on a lease the caller holds; see <see cref="Stream{T}(SqlitePool, StatementDefinition, string?, IAsyncEnumerable{T})"/>.</summary>
    /// <param name="lease">The caller's lease.</param>
    /// <param name="definition">The statement the stream runs.</param>
    /// <param name="function">The calling method (<c>code.function.name</c>).</param>
    /// <param name="rows">The untraced stream.</param>
    public static IAsyncEnumerable<T> Stream<T>(ConnectionLease lease, StatementDefinition definition, string? function, IAsyncEnumerable<T> rows)
    {
        if (Off) return rows;
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rows);
        return Traced(null, lease, definition, function, rows);
    }

    private static IAsyncEnumerable<T> Traced<T>(SqlitePool? pool, ConnectionLease lease, StatementDefinition definition, string? function,
        IAsyncEnumerable<T> rows) =>
        TracedStream.Rows((pool, lease, definition, function),
            static s => s.pool is not null ? Start(s.pool, s.definition, s.function) : Start(s.lease, s.definition, s.function), rows);
}
