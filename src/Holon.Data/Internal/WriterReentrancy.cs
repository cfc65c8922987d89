namespace Holon.Data.Internal;

/// <summary>
/// Makes a nested writer rent in the flow that already holds the writer fail fast instead of waiting for itself
/// forever (<see cref="SqlitePoolOptions.DetectWriterReentrancy"/>). One per pool: a flow may hold the writers of several pools.
/// </summary>
internal sealed class WriterReentrancy(bool enabled)
{
    private readonly AsyncLocal<object?> _flow = new();
    // The marker of the current writer rent and where it was rented (for the message).
    private object? _current;
    private string? _rentSite;
    // The writer's rent the marker belongs to, so reads on the holding flow can borrow it.
    // Weak: a leaked writer lease must stay collectable, or its leak would never be found.
    private WeakReference<PhysicalConnection>? _holder;
    private long _holderGeneration;

    public bool Enabled => enabled;

    /// <summary>Throws when the calling flow holds the writer now.</summary>
    public void Check()
    {
        if (!enabled) return;
        var token = _flow.Value;
        if (token is null || !ReferenceEquals(token, Volatile.Read(ref _current))) return;
        throw new InvalidOperationException(
            "This flow already holds the writer lease of this pool; renting it again would wait for itself forever. " +
            "Pass the lease you hold down to the code that needs it (nested work can use lease.BeginTransaction(), which becomes a SAVEPOINT). " +
            "Tasks started while holding the writer inherit this flow: start them under ExecutionContext.SuppressFlow(), " +
            "or set SqlitePoolOptions.DetectWriterReentrancy to false." +
            (_rentSite is { } site ? $" The writer was rented at:{Environment.NewLine}{site}" : ""));
    }

    /// <summary>
    /// The writer rent this flow holds, when it holds one: reads on this flow run on it so they see the flow's own
    /// uncommitted writes. False when detection is off (nothing tracks the flow then).
    /// </summary>
    public bool TryGetHeld(out PhysicalConnection? connection, out long generation)
    {
        connection = null;
        generation = 0;
        if (!enabled) return false;
        var token = _flow.Value;
        if (token is null || !ReferenceEquals(token, Volatile.Read(ref _current))) return false;
        // Only this flow can end its own rent, so the holder read next belongs to the marker just matched.
        generation = _holderGeneration;
        return _holder is { } holder && holder.TryGetTarget(out connection);
    }

    /// <summary>Marks the calling flow as the holder of <paramref name="connection"/>'s rent; returns the marker, or null when disabled.</summary>
    public object? Enter(string? rentSite, PhysicalConnection connection)
    {
        if (!enabled) return null;
        // A fresh object per rent: an old marker left in some other flow never matches a later rent.
        var token = new object();
        _rentSite = rentSite;
        _holder = connection.Weak;
        _holderGeneration = connection.Generation;
        Volatile.Write(ref _current, token);
        _flow.Value = token;
        return token;
    }

    /// <summary>
    /// A fresh marker for the calling flow, before a writer rent that must wait completes elsewhere (an async
    /// helper whose flow changes do not reach its caller); <see cref="Adopt"/> makes it current once the writer is held.
    /// Call it only after <see cref="Check"/> passed. Null when disabled.
    /// </summary>
    public object? Claim()
    {
        if (!enabled) return null;
        var token = new object();
        _flow.Value = token;
        return token;
    }

    /// <summary>The writer is held for the flow that made <paramref name="claim"/>: that flow now counts as the holder.</summary>
    public void Adopt(object? claim)
    {
        if (claim is not null) Volatile.Write(ref _current, claim);
    }

    /// <summary>
    /// The writer rent ended (returned or leaked). The flow keeps its now-stale marker: it no longer matches, and
    /// leaving it costs nothing, where clearing it would allocate a new ExecutionContext.
    /// </summary>
    public void Exit()
    {
        Volatile.Write(ref _current, null);
        _rentSite = null;
        _holder = null;
    }
}
