namespace Holon.Demo;

/// <summary>
/// The watch part of the demo: one watch on a parent's children runs through the mixed phase; it counts the
/// results it receives and, at the end, must have seen the final children list.
/// </summary>
internal sealed class WatchCounter
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private readonly object _gate = new();
    private IReadOnlyList<Block>? _last;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WatchCounter(IAsyncEnumerable<IReadOnlyList<Block>> watch, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _loop = Task.Run(async () =>
        {
            await foreach (var children in watch.WithCancellation(_stop.Token))
            {
                TaskCompletionSource wake;
                lock (_gate)
                {
                    Notifications++;
                    _last = children;
                    wake = _changed;
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                wake.TrySetResult();
            }
        });
    }

    /// <summary>Results received, the first (current state) included.</summary>
    public long Notifications { get; private set; }

    /// <summary>Starts the watch and waits for its first result (the current state).</summary>
    public static async Task<WatchCounter> StartAsync(IBlockBackend backend, string parentId, CancellationToken ct)
    {
        var counter = new WatchCounter(backend.WatchChildren(parentId, ct), ct);
        Task first;
        lock (counter._gate) first = counter.Notifications > 0 ? Task.CompletedTask : counter._changed.Task;
        await Task.WhenAny(first, counter._loop);
        if (counter._loop.IsFaulted) await counter._loop; // surface the watch's error
        return counter;
    }

    /// <summary>Waits (at most 10 s) until the watch has delivered <paramref name="final"/>, then ends it.</summary>
    /// <returns>The notification count, and whether the last result equalled the final state.</returns>
    public async Task<(long Notifications, bool SawFinalState)> StopAsync(IReadOnlyList<Block> final)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        bool saw;
        while (true)
        {
            Task next;
            lock (_gate)
            {
                saw = _last is not null && _last.SequenceEqual(final);
                next = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (saw || left <= TimeSpan.Zero || _loop.IsCompleted) break;
            await Task.WhenAny(next, Task.Delay(left), _loop);
        }
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        lock (_gate) return (Notifications, saw);
    }

    /// <summary>The parent whose children the writer changes most often (edits, inserts and deletes of its children).</summary>
    public static string PickWatchedParent(WorkloadPlan plan)
    {
        var parentOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var b in plan.InitialBlocks) parentOf[b.Id] = b.ParentId;
        var touches = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var op in plan.WriterOps)
        {
            if (op.NewBlock is { } nb) parentOf[nb.Id] = nb.ParentId;
            if (op.Kind == WriterOpKind.RefreshDocument || !parentOf.TryGetValue(op.Id, out var parent) || parent is null) continue;
            touches[parent] = touches.GetValueOrDefault(parent) + 1;
        }
        return touches.Count == 0
            ? plan.ParentIds[0]
            : touches.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).First().Key;
    }
}
