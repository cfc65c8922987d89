namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>Nothing in this suite may hang CI: every wait that could deadlock goes through a watchdog.</summary>
internal static class Watchdog
{
    public static async Task Within(this Task task, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(limit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Watchdog: {what} did not finish within {limit.TotalSeconds:0.#} s.");
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(limit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Watchdog: {what} did not finish within {limit.TotalSeconds:0.#} s.");
            throw; // unreachable
        }
    }

    public static Task Within(this ValueTask task, TimeSpan limit, string what) => task.AsTask().Within(limit, what);

    public static Task<T> Within<T>(this ValueTask<T> task, TimeSpan limit, string what) => task.AsTask().Within(limit, what);
}
