namespace Holon.Data.Tests.Watch;

/// <summary>Enumerates a watch in the background and keeps every emission, so tests can wait for a state.</summary>
internal sealed class WatchCollector<T> : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<T> _items = [];
    private readonly CancellationTokenSource _cts;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchCollector(Func<CancellationToken, IAsyncEnumerable<T>> watch, CancellationToken testToken)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(testToken);
        Completion = Task.Run(async () =>
        {
            await foreach (var item in watch(_cts.Token))
            {
                TaskCompletionSource wake;
                lock (_gate)
                {
                    _items.Add(item);
                    wake = _changed;
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                wake.TrySetResult();
            }
        });
    }

    public Task Completion { get; }

    public List<T> Snapshot()
    {
        lock (_gate) return [.. _items];
    }

    public T Last
    {
        get { lock (_gate) return _items[^1]; }
    }

    /// <summary>Waits (up to a generous deadline, never a timing assertion) until the emissions satisfy <paramref name="done"/>.</summary>
    public async Task<List<T>> WaitUntilAsync(Func<List<T>, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (done(_items)) return [.. _items];
                next = _changed.Task;
            }
            if (Completion.IsFaulted) await Completion;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Watch did not reach the expected state; {Snapshot().Count} emissions, last: {(Snapshot() is { Count: > 0 } s ? Describe(s[^1]) : "none")}");
            await Task.WhenAny(next, Task.Delay(left, CancellationToken.None), Completion);
        }
    }

    private static string Describe(T item) => item is System.Collections.IEnumerable e and not string ? "[" + string.Join(", ", e.Cast<object>()) + "]" : item?.ToString() ?? "null";

    public async Task CancelAsync()
    {
        await _cts.CancelAsync();
        await Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try { await Completion.WaitAsync(TimeSpan.FromSeconds(30)); } catch (OperationCanceledException) { }
        _cts.Dispose();
    }
}
