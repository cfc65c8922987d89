using System.Runtime.ExceptionServices;

namespace Holon.Data.Tests;

/// <summary>
/// Measures bytes allocated per operation where the count is stable under load. GC.GetAllocatedBytesForCurrentThread
/// counts everything its thread allocates, so: a dedicated thread (a thread-pool thread may also run timers and
/// continuations), a warm-up, and the minimum over several rounds. Noise only ever adds bytes, while a real
/// allocation of one object per operation shows in every round, so the minimum keeps the guarantee.
/// </summary>
internal static class AllocationMeter
{
    public const int Iterations = 2000;
    private const int WarmUp = 500;
    private const int Rounds = 20;

    public static long PerOperation(Func<object?> op)
    {
        long best = long.MaxValue;
        RunOnDedicatedThread(() =>
        {
            for (int i = 0; i < WarmUp; i++) GC.KeepAlive(op()); // prepare, JIT, tiering
            for (int round = 0; round < Rounds && best > 0; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < Iterations; i++) GC.KeepAlive(op());
                best = Math.Min(best, (GC.GetAllocatedBytesForCurrentThread() - before) / Iterations);
            }
        });
        return best;
    }

    /// <summary>Runs <paramref name="body"/> on a new thread (which inherits this flow's ExecutionContext) and rethrows its exception.</summary>
    public static void RunOnDedicatedThread(Action body)
    {
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true, Name = "allocation meter" };
        thread.Start();
        thread.Join();
        error?.Throw();
    }
}

/// <summary>Allocation tests run alone, after the parallel tests, so other tests' work does not share their threads or cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation (runs alone)";
}
