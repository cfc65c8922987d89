namespace Holon.Data.Npgsql.Watching;

/// <summary>How a <see cref="BoundedPoll"/> ended.</summary>
internal enum PollOutcome
{
    /// <summary>The condition held at the first poll.</summary>
    AtOnce,

    /// <summary>The condition held after one or more delays.</summary>
    AfterWait,

    /// <summary>The bound passed before the condition held.</summary>
    TimedOut,
}

/// <summary>
/// Polls a server-side condition that becomes true within milliseconds: at once, then after delays of 1, 2, 4, … ms
/// (at most 20 ms), until it holds or the bound has passed. Short delays because the wait is usually one WAL
/// replay or one commit's visibility, and a bound because a refresh must not wait forever on a lagging server.
/// </summary>
internal static class BoundedPoll
{
    /// <summary>Polls <paramref name="condition"/> (given <paramref name="state"/>) until it holds or <paramref name="bound"/> has passed.</summary>
    public static async Task<PollOutcome> UntilAsync<TState>(
        TState state, Func<TState, CancellationToken, Task<bool>> condition, TimeSpan bound, CancellationToken ct)
    {
        long deadline = Environment.TickCount64 + (long)bound.TotalMilliseconds;
        int delay = 0;
        while (true)
        {
            if (await condition(state, ct).ConfigureAwait(false)) return delay == 0 ? PollOutcome.AtOnce : PollOutcome.AfterWait;
            if (Environment.TickCount64 >= deadline) return PollOutcome.TimedOut;
            delay = delay == 0 ? 1 : Math.Min(delay * 2, 20);
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }
}
