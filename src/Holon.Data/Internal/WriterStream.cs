namespace Holon.Data.Internal;

/// <summary>
/// A stream that holds the writer while it is enumerated (<see cref="SqlitePool.StreamOnWriter{T}"/>). The rent
/// happens in <see cref="Enumerator.MoveNextAsync"/>, a plain method running on the enumerating flow, so the
/// reentrancy marker lands on that flow (an async iterator's own flow changes never reach its caller) and a writer
/// rent inside the <c>await foreach</c> body throws at once instead of waiting for <c>AcquireTimeout</c>.
/// </summary>
internal sealed class WriterStream<T>(SqlitePool pool, Func<ConnectionLease, CancellationToken, IAsyncEnumerable<T>> body,
    CancellationToken token) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => new Enumerator(pool, body, token, cancellationToken);

    private sealed class Enumerator(SqlitePool pool, Func<ConnectionLease, CancellationToken, IAsyncEnumerable<T>> body,
        CancellationToken token, CancellationToken enumeratorToken) : IAsyncEnumerator<T>
    {
        private ConnectionLease _lease;
        private IAsyncEnumerator<T>? _inner;
        private CancellationTokenSource? _linked;

        public T Current => _inner is null ? default! : _inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_inner is not null) return _inner.MoveNextAsync();
            var rent = pool.RentWriterAsync(RentToken()); // checks reentrancy first, on this flow
            if (rent.IsCompletedSuccessfully)
            {
                Start(rent.Result);
                return _inner!.MoveNextAsync();
            }
            // The rent waits and completes inside the async helper, whose flow is not ours: mark ours now.
            object? claim = pool.ClaimWriterFlow();
            return StartAfterWait(rent, claim);
        }

        private async ValueTask<bool> StartAfterWait(ValueTask<ConnectionLease> rent, object? claim)
        {
            var lease = await rent.ConfigureAwait(false);
            pool.AdoptWriterFlow(claim);
            Start(lease);
            return await _inner!.MoveNextAsync().ConfigureAwait(false);
        }

        private void Start(ConnectionLease lease)
        {
            _lease = lease;
            try
            {
                // The body's [EnumeratorCancellation] token joins both tokens, as a generated iterator's does.
                _inner = body(lease, token).GetAsyncEnumerator(enumeratorToken);
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        private CancellationToken RentToken()
        {
            if (!enumeratorToken.CanBeCanceled) return token;
            if (!token.CanBeCanceled) return enumeratorToken;
            _linked = CancellationTokenSource.CreateLinkedTokenSource(token, enumeratorToken);
            return _linked.Token;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_inner is not null) await _inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _lease.Dispose();
                _linked?.Dispose();
            }
        }
    }
}
