using System.Diagnostics;
using System.Globalization;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// `--pg-cpu`: the PostgreSQL point lookup measured by this process's CPU time and allocated bytes per call
/// instead of wall time. The server's work is the same for every strategy, and on a machine shared by many
/// builds wall time mostly measures the queue for a core; client CPU per call is what the strategies differ in.
/// Strategies alternate in rounds so that load changes hit all of them alike; medians of the rounds are printed.
/// </summary>
internal static class PostgresCpuProbe
{
    private const int CallsPerRound = 2_000;
    private const int Rounds = 9;

    public static int Run()
    {
        var bench = new PostgresPointLookup();
        bench.Setup();
        try
        {
            var strategies = new (string Name, Func<Task<PgOrder?>> Call)[]
            {
                ("Floor", bench.Floor), ("Generated", bench.Generated), ("Dapper", bench.Dapper),
            };
            var cpu = strategies.ToDictionary(s => s.Name, _ => new List<double>());
            var bytes = strategies.ToDictionary(s => s.Name, _ => new List<double>());
            foreach (var (_, call) in strategies) Measure(call, CallsPerRound); // warm-up: JIT, prepare, pages
            for (int round = 0; round < Rounds; round++)
            {
                foreach (var (name, call) in strategies)
                {
                    var (cpuUs, allocated) = Measure(call, CallsPerRound);
                    cpu[name].Add(cpuUs);
                    bytes[name].Add(allocated);
                }
            }
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"PostgreSQL point lookup by client CPU time, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, "
                + $"{Rounds} rounds × {CallsPerRound} calls, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            foreach (var (name, _) in strategies)
            {
                Console.WriteLine(string.Create(c,
                    $"  {name,-10} CPU median {Median(cpu[name]),7:F1} µs/call (min {cpu[name].Min(),6:F1})  {Median(bytes[name]),7:F0} B/call"));
            }
            double t = Median(cpu["Generated"]) / Median(cpu["Floor"]);
            double a = Median(bytes["Generated"]) / Median(bytes["Floor"]);
            Console.WriteLine(string.Create(c, $"  Generated/Floor: CPU {t:F3}× (target ≤ 1.10), allocation {a:F3}× (target ≤ 1.10)"));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static (double CpuMicrosPerCall, double BytesPerCall) Measure(Func<Task<PgOrder?>> call, int calls)
    {
        using var process = Process.GetCurrentProcess();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = process.TotalProcessorTime;
        for (int i = 0; i < calls; i++)
        {
            if (call().GetAwaiter().GetResult() is null) throw new InvalidOperationException("lookup found no row");
        }
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (cpu.TotalMicroseconds / calls, (double)allocated / calls);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
