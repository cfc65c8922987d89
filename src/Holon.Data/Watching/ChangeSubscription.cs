namespace Holon.Data.Watching;

/// <summary>
/// One subscriber of the change stream: a bounded FIFO of change sets. Publishing never waits: when the buffer
/// is full the subscription drops changes and, once the subscriber has drained what it had, hands it one
/// <see cref="ChangeSetKind.MissedChanges"/> marker, then resumes with later commits.
/// </summary>
internal sealed class ChangeSubscription : IAsyncEnumerator<ChangeSet>
{
    private readonly object _gate = new();
    private readonly Queue<ChangeSet> _queue;
    private readonly int _capacity;
    private readonly ChangeHub _hub;
    private readonly CancellationToken _cancellationToken;
    private TaskCompletionSource<bool>? _waiter;
    private bool _overflowed;
    private long _lastDropped;
    private bool _closed;
    private ChangeSet? _current;

    public ChangeSubscription(ChangeHub hub, int capacity, CancellationToken cancellationToken)
    {
        _hub = hub;
        _capacity = capacity;
        _queue = new Queue<ChangeSet>(Math.Min(capacity, 64));
        _cancellationToken = cancellationToken;
    }

    public ChangeSet Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

    /// <summary>Called by the hub in commit order; O(1), never blocks on the subscriber.</summary>
    public void Publish(ChangeSet changes)
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (_closed) return;
            if (_overflowed || _queue.Count >= _capacity)
            {
                if (!_overflowed) _hub.CountOverflow();
                _overflowed = true;
                _lastDropped = changes.Sequence;
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
                if (_overflowed)
                {
                    // Buffered commits are delivered first, then the marker; from here on new commits are kept again.
                    _overflowed = false;
                    _current = new ChangeSet(ChangeSetKind.MissedChanges, _lastDropped, null, null, null);
                    return true;
                }
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

    /// <summary>The pool is going away: deliver what is buffered, then end.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _closed = true;
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult(false);
    }

    public ValueTask DisposeAsync()
    {
        _hub.Remove(this);
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _closed = true;
            _queue.Clear();
            _overflowed = false;
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult(false);
        return ValueTask.CompletedTask;
    }
}
