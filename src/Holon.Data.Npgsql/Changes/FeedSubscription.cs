using NpgsqlTypes;

namespace Holon.Data.Npgsql.Changes;

/// <summary>
/// One subscriber of a change feed: a bounded FIFO of change sets, with the semantics of SQLite's change stream.
/// Publishing never waits: when the buffer is full the subscription drops changes and, once the subscriber has
/// drained what it had, hands it one <see cref="ChangeSetKind.MissedChanges"/> marker, then resumes with later commits.
/// </summary>
internal sealed class FeedSubscription : IAsyncEnumerator<NpgsqlChangeSet>
{
    private readonly object _gate = new();
    private readonly Queue<NpgsqlChangeSet> _queue;
    private readonly int _capacity;
    private readonly FeedHub _hub;
    private readonly CancellationToken _cancellationToken;
    private TaskCompletionSource<bool>? _waiter;
    private bool _overflowed;
    private long _lastDropped;
    private NpgsqlLogSequenceNumber _lastDroppedLsn;
    private bool _closed;
    private Exception? _failure;
    private NpgsqlChangeSet? _current;

    public FeedSubscription(FeedHub hub, int capacity, CancellationToken cancellationToken)
    {
        _hub = hub;
        _capacity = capacity;
        _queue = new Queue<NpgsqlChangeSet>(Math.Min(capacity, 64));
        _cancellationToken = cancellationToken;
    }

    public NpgsqlChangeSet Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

    /// <summary>Called by the hub in commit order; O(1), never blocks on the subscriber.</summary>
    public void Publish(NpgsqlChangeSet changes)
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
                _lastDroppedLsn = changes.Lsn;
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
                    // Buffered commits first, then the marker; from here on new commits are kept again.
                    _overflowed = false;
                    _current = new NpgsqlChangeSet(ChangeSetKind.MissedChanges, _lastDropped, _lastDroppedLsn, default, null, null, false);
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

    /// <summary>The feed stopped: deliver what is buffered, then end (or throw <paramref name="failure"/>).</summary>
    public void Complete(Exception? failure)
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
        _hub.Remove(this);
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _closed = true;
            _failure = null;
            _queue.Clear();
            _overflowed = false;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult(false);
        return ValueTask.CompletedTask;
    }
}
