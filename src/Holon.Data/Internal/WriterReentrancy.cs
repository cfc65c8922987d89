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

    /// <summary>Marks the calling flow as the writer's holder; returns the marker for the connection, or null when disabled.</summary>
    public object? Enter(string? rentSite)
    {
        if (!enabled) return null;
        // A fresh object per rent: an old marker left in some other flow never matches a later rent.
        var token = new object();
        _rentSite = rentSite;
        Volatile.Write(ref _current, token);
        _flow.Value = token;
        return token;
    }

    /// <summary>
    /// The writer rent ended (returned or leaked). The flow keeps its now-stale marker: it no longer matches, and
    /// leaving it costs nothing, where clearing it would allocate a new ExecutionContext.
    /// </summary>
    public void Exit()
    {
        Volatile.Write(ref _current, null);
        _rentSite = null;
    }
}
