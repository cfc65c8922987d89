namespace Holon.Data.Watching;

/// <summary>
/// One subscriber of a change stream: a bounded FIFO of change sets. Publishing never waits: when the buffer is full
/// the subscription drops changes and, once the subscriber has drained what it had, hands it one missed-changes marker
/// (made from the last change dropped), then resumes with later commits. SQLite's <c>pool.Changes</c> and PostgreSQL's
/// change feed both subscribe through it, so both streams keep the same rules.
/// </summary>
/// <typeparam name="T">What one committed transaction becomes.</typeparam>
internal abstract class ChangeBuffer<T> : IAsyncEnumerator<T>
    where T : class
{
    private readonly object _gate = new();
    private readonly Queue<T> _queue;
    private readonly int _capacity;
    private readonly CancellationToken _cancellationToken;
    private TaskCompletionSource<bool>? _waiter;
    private T? _lastDropped;
    private bool _closed;
    private Exception? _failure;
    private T? _current;

    protected ChangeBuffer(int capacity, CancellationToken cancellationToken)
    {
        _capacity = capacity;
        _queue = new Queue<T>(Math.Min(capacity, 64));
        _cancellationToken = cancellationToken;
    }

    public T Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

    /// <summary>The buffer overflowed (once per run of dropped changes).</summary>
    protected abstract void CountOverflow();

    /// <summary>The marker that stands for the changes dropped up to <paramref name="lastDropped"/>.</summary>
    protected abstract T MissedChanges(T lastDropped);

    /// <summary>The subscriber disposed its enumerator: leave the publisher.</summary>
    protected abstract void Leave();

    /// <summary>Called by the publisher in commit order; O(1), never blocks on the subscriber.</summary>
    public void Publish(T changes)
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (_closed) return;
            if (_lastDropped is not null || _queue.Count >= _capacity)
            {
                if (_lastDropped is null) CountOverflow();
                _lastDropped = changes;
            }
            else
            {
                _queue.Enqueue(changes);
            }

            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult(true);
    }

    public async ValueTask<bool> MoveNextAsync()
    {
        while (true)
        {
            TaskCompletionSource<bool> wait;
            lock (_gate)
            {
                if (_queue.Count > 0)
                {
                    _current = _queue.Dequeue();
                    return true;
                }

                if (_lastDropped is { } dropped)
                {
                    // Buffered commits first, then the marker; from here on new commits are kept again.
                    _lastDropped = null;
                    _current = MissedChanges(dropped);
                    return true;
                }

                if (_failure is not null) throw _failure;
                if (_closed) return false;
                wait = _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                await wait.Task.WaitAsync(_cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>The publisher stopped: deliver what is buffered, then end, or throw <paramref name="failure"/>.</summary>
    public void Complete(Exception? failure = null)
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _closed = true;
            _failure ??= failure;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult(false);
    }

    public ValueTask DisposeAsync()
    {
        Leave();
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _closed = true;
            _failure = null;
            _queue.Clear();
            _lastDropped = null;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult(false);
        return ValueTask.CompletedTask;
    }
}
