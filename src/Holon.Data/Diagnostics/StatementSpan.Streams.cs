using System.Runtime.CompilerServices;
using Holon.Data.Diagnostics;

namespace Holon.Data;

// The span of a generated stream. An iterator cannot catch around its own yield, so a failing step would end its span
// without an error; instead the rows come from a plain iterator and, only when someone listens, this wrapper owns the
// span: it starts it when enumeration starts (before the rent, so a wait shows inside), counts the rows, and marks the
// span failed when a step throws.
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

    private static async IAsyncEnumerable<T> Traced<T>(SqlitePool? pool, ConnectionLease lease, StatementDefinition definition, string? function,
        IAsyncEnumerable<T> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var span = pool is not null ? Start(pool, definition, function) : Start(lease, definition, function);
        await using var rowsEnumerator = rows.GetAsyncEnumerator(cancellationToken);
        int count = 0;
        while (true)
        {
            // No yield inside a try with a catch: the step is caught here, the row is yielded below.
            try
            {
                if (!await rowsEnumerator.MoveNextAsync().ConfigureAwait(false)) break;
            }
            catch (Exception e) when (span.Fail(e))
            {
                throw;
            }

            yield return rowsEnumerator.Current;
            count++;
        }

        span.SetReturnedRows(count);
    }
}
