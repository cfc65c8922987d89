using System.Globalization;
using System.Runtime.InteropServices;
using Dapper;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--cpu</c>: a profiling aid for a shared, busy machine, not a replacement for BenchmarkDotNet. It measures the
/// calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID, nanoseconds) per operation, so time spent descheduled while
/// other work runs is not counted; strategies run in interleaved rounds so slow phases hit all of them alike.
/// Reports the median and the fastest round per strategy and the ratios to the floor. Linux only.
/// </summary>
internal static class CpuTimeProbe
{
    // HOLON_CPU_ROUNDS overrides (more rounds: steadier medians on a busy machine).
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("HOLON_CPU_ROUNDS"), out var r) && r > 0 ? r : 15;
    private const double RoundCpuNs = 25_000_000;   // each round of each strategy runs about 25 ms of CPU
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Run()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("--cpu needs Linux (CLOCK_THREAD_CPUTIME_ID).");
            return 2;
        }

        using var s = Strategies.Create();
        var ids = s.Db.LookupIds;
        int next = 0;
        string Id() => ids[next++ & BenchDatabase.LookupMask];
        long n = 0;
        Block[] NewBatch()
        {
            var blocks = new Block[InsertBatch.Size];
            for (int i = 0; i < blocks.Length; i++)
            {
                n++;
                blocks[i] = new Block("cpu_" + n.ToString(C), s.Db.RootIds[n % BenchDatabase.Roots], "a freshly typed note", n);
            }

            return blocks;
        }

        var lookups = new (string Name, Action Op)[]
        {
            ("Generated", () => s.Store.Get(Id())),
            ("GeneratedValueTask", () => { var t = s.Store.GetAsync(Id()); _ = t.IsCompletedSuccessfully ? t.Result : t.AsTask().GetAwaiter().GetResult(); }),
            ("Floor", () => s.Raw[0].Get(Id())),
            ("Floor+runtime calls", () => s.Raw[0].GetWithRuntimeCalls(Id())),
            ("CachedCommand", () => s.Cached[0].Get(Id())),
            ("Dapper", () => s.DapperConnection.QueryFirstOrDefault<Block>(Sql.Get, new { id = Id() })),
            ("PerOpPooled", () => PerOperation.Get(s.Pooled, Id())),
            ("PerOpNoPool", () => PerOperation.Get(s.NoPool, Id())),
        };
        if (Environment.GetEnvironmentVariable("HOLON_CPU_PARTS") == "1")
        {
            // Diagnostic parts of the generated path (not strategies): where the time above the floor goes.
            var probe = new Holon.Data.StatementDefinition(Sql.Get, Holon.Data.StatementKind.Query, ["@id"], ["Id", "ParentId", "Content", "SortKey"], "Probe.Get");
            lookups = [.. lookups,
                ("part:RentReturn", () => s.Pool.RentReader().Dispose()),
                ("part:Rent+Stmt+Bind", () =>
                {
                    using var lease = s.Pool.RentReader();
                    using var st = lease.Statement(probe);
                    st.BindText(0, Id());
                }),
            ];
        }
        var batches = new (string Name, Action Op)[]
        {
            ("Generated", () =>
            {
                var blocks = NewBatch();
                using var lease = s.Pool.RentWriter();
                using var transaction = lease.BeginTransaction();
                foreach (var b in blocks) s.Store.InsertOn(lease, b);
                transaction.Commit();
            }),
            ("Floor", () => s.Raw[0].InsertMany(NewBatch())),
            ("CachedCommand", () => s.Cached[0].InsertMany(NewBatch())),
        };

        // The savepoint a single-row RETURNING command runs in, against the same insert without it.
        Block NewBlock()
        {
            n++;
            return new Block("cpu_" + n.ToString(C), s.Db.RootIds[n % BenchDatabase.Roots], "a freshly typed note", n);
        }
        var singleInserts = new (string Name, Action Op)[]
        {
            ("Floor", () => s.Raw[0].Insert(NewBlock())),
            ("Generated", () => s.Store.Insert(NewBlock())),
            ("GeneratedReturning", () => s.Store.InsertReturning(NewBlock())),
        };

        Console.WriteLine($"CPU-time probe, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");
        if (Environment.GetEnvironmentVariable("HOLON_CPU_TRACING") == "1")
        {
            // Tracing: the generated lookup (which starts a StatementSpan) against the floor (no span),
            // listener off, then on.
            var tracing = new (string Name, Action Op)[]
            {
                ("Floor", () => s.Raw[0].Get(Id())),
                ("Generated", () => s.Store.Get(Id())),
            };
            Measure("PointLookup, no listener", tracing, "µs", 1_000);
            using (TracedLookup.Listen())
            {
                Measure("PointLookup, listener on (all data)", tracing, "µs", 1_000);
            }

            return 0;
        }

        Measure("PointLookup", lookups, "µs", 1_000);
        Measure("InsertBatch", batches, "ms", 1_000_000);
        Measure("SingleInsert", singleInserts, "µs", 1_000);
        return 0;
    }

    private static void Measure(string scenario, (string Name, Action Op)[] cases, string unit, double scale)
    {
        // Warm up (JIT tiers, statement caches, page cache) and size each strategy's round to ~25 ms of CPU.
        var counts = new int[cases.Length];
        for (int c = 0; c < cases.Length; c++)
        {
            var op = cases[c].Op;
            long t0 = ThreadCpuNs();
            int warm = 0;
            while (ThreadCpuNs() - t0 < RoundCpuNs * 4 || warm < 3)
            {
                op();
                warm++;
            }

            counts[c] = Math.Max(1, (int)(RoundCpuNs * warm / (ThreadCpuNs() - t0)));
        }

        var samples = cases.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
        {
            // Rotate the order each round, so no strategy always runs right after the one that disturbs caches most.
            for (int k = 0; k < cases.Length; k++)
            {
                int c = (k + round) % cases.Length;
                var op = cases[c].Op;
                int count = counts[c];
                long t0 = ThreadCpuNs();
                for (int i = 0; i < count; i++) op();
                samples[c].Add((ThreadCpuNs() - t0) / (double)count);
            }
        }

        int floor = Array.FindIndex(cases, c => c.Name == "Floor");
        double floorMedian = Median(samples[floor]), floorMin = samples[floor].Min();
        Console.WriteLine();
        Console.WriteLine($"{scenario}: thread CPU time per operation, {Rounds} interleaved rounds of ~25 ms CPU per strategy");
        // "/floor (paired)": the median over rounds of this round's time / the floor's time in the same round; the two
        // ran within ~25 ms of each other, so slow phases of a shared machine cancel out better than in the other columns.
        Console.WriteLine($"| strategy             | median CPU | fastest round | /floor (median) | /floor (fastest) | /floor (paired) |");
        Console.WriteLine($"|----------------------|-----------:|--------------:|----------------:|-----------------:|----------------:|");
        for (int c = 0; c < cases.Length; c++)
        {
            double median = Median(samples[c]), min = samples[c].Min();
            double paired = Median([.. samples[c].Select((v, i) => v / samples[floor][i])]);
            Console.WriteLine(string.Create(C, $"| {cases[c].Name,-20} | {median / scale,7:F2} {unit} | {min / scale,10:F2} {unit} | {median / floorMedian,15:F2} | {min / floorMin,16:F2} | {paired,15:F2} |"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static long ThreadCpuNs()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
