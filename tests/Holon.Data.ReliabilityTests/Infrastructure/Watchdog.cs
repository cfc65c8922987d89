namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>
/// Nothing in this suite may hang CI: every wait that could deadlock goes through a watchdog. The watchdog is a
/// hang guard, never a speed claim: it waits at least <see cref="HangGuard"/>, so a machine busy with other builds
/// (continuations and timers delayed by seconds) cannot fail a test whose work does finish.
/// </summary>
internal static class Watchdog
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static TimeSpan Guard(TimeSpan limit) => limit > HangGuard ? limit : HangGuard;

    public static async Task Within(this Task task, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(Guard(limit), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Watchdog: {what} did not finish within {Guard(limit).TotalSeconds:0.#} s.");
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(Guard(limit), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Watchdog: {what} did not finish within {Guard(limit).TotalSeconds:0.#} s.");
            throw; // unreachable
        }
    }

    public static Task Within(this ValueTask task, TimeSpan limit, string what) => task.AsTask().Within(limit, what);

    public static Task<T> Within<T>(this ValueTask<T> task, TimeSpan limit, string what) => task.AsTask().Within(limit, what);
}
