using System.Runtime.CompilerServices;

namespace Holon.Data.Diagnostics;

/// <summary>What a stream's span must answer, on every backend: the rows it handed out, and a failed step.</summary>
internal interface ICallSpan : IDisposable
{
    void SetReturnedRows(int rows);

    bool Fail(Exception exception);
}

/// <summary>
/// The traced enumeration of a generated stream, shared by the backends. An iterator cannot catch around its own
/// yield, so the rows come from a plain iterator and this wrapper owns the span: it starts it when enumeration starts
/// (before the rent or open, so a wait shows inside), catches around each step with the span's failure filter, yields
/// outside that try, and sets the row count at the end.
/// </summary>
internal static class TracedStream
{
    public static async IAsyncEnumerable<T> Rows<TState, TSpan, T>(TState state, Func<TState, TSpan> start, IAsyncEnumerable<T> rows,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TSpan : struct, ICallSpan
    {
        using var span = start(state);
        await using var rowsEnumerator = rows.GetAsyncEnumerator(cancellationToken);
        int count = 0;
        while (true)
        {
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
