namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--profile lookup|children|floor</c>: one workload in a loop for a profiler, e.g.
/// <c>DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -D 6000 bin/Release/net10.0/Holon.Gen.Benchmarks --profile children</c>
/// (the delay skips building the database; the two settings let perf name JIT-compiled frames). Prints the median and
/// fastest thread-CPU time per operation over the rounds, for a quick before/after; BenchmarkDotNet gives the figures.
/// <c>HOLON_PROFILE_SECONDS</c> sets how long it loops (default 12).
/// </summary>
internal static class ProfileLoop
{
    public static int Run(string workload)
    {
        using var s = Strategies.Create();
        var ids = s.Db.LookupIds;
        var parents = s.Db.LookupParents;
        Action<long>? op = workload switch
        {
            "lookup" => n => s.Store.Get(ids[n & BenchDatabase.LookupMask]),
            "children" => n => s.Store.Children(parents[n & BenchDatabase.LookupMask]),
            "floor" => n => s.Raw[0].Get(ids[n & BenchDatabase.LookupMask]),
            _ => null,
        };
        if (op is null)
        {
            Console.Error.WriteLine("--profile takes lookup, children or floor.");
            return 2;
        }

        int perRound = workload == "children" ? 20_000 : 200_000;
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("HOLON_PROFILE_SECONDS"), out var v) && v > 0 ? v : 12;
        long n = 0;
        for (int i = 0; i < 5 * perRound; i++) op(n++); // warm-up: tiered compilation settles
        var rounds = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long t0 = CpuTimeProbe.ThreadCpuNs();
            for (int i = 0; i < perRound; i++) op(n++);
            rounds.Add((CpuTimeProbe.ThreadCpuNs() - t0) / (double)perRound);
        }

        rounds.Sort();
        Console.WriteLine($"{workload}: thread CPU per operation, median {rounds[rounds.Count / 2]:F0} ns, fastest round {rounds[0]:F0} ns, {rounds.Count} rounds");
        return 0;
    }
}
