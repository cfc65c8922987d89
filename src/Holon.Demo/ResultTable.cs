using System.Globalization;

namespace Holon.Demo;

/// <summary>The side-by-side table: one row per measure, one column per backend.</summary>
internal static class ResultTable
{
    public static void Print(RunResult holon, RunResult perOp, string holonHash, string perOpHash)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<(string Measure, string Holon, string PerOp)>
        {
            ("operations", holon.Operations.ToString("N0", c), perOp.Operations.ToString("N0", c)),
            ("physical connections created", holon.Counters.ConnectionsCreated.ToString("N0", c), perOp.Counters.ConnectionsCreated.ToString("N0", c)),
            ("statements prepared", holon.Counters.StatementsPrepared.ToString("N0", c), perOp.Counters.StatementsPrepared.ToString("N0", c)),
            ("wall time", holon.Elapsed.TotalSeconds.ToString("F2", c) + " s", perOp.Elapsed.TotalSeconds.ToString("F2", c) + " s"),
            ("operations/s", holon.OperationsPerSecond.ToString("N0", c), perOp.OperationsPerSecond.ToString("N0", c)),
            ("watch notifications received", holon.WatchNotifications.ToString("N0", c), perOp.WatchNotifications.ToString("N0", c)),
            ("connections opened for watching", Own(holon.WatchConnections), Own(perOp.WatchConnections)),
            ("watch saw the final state", holon.WatchSawFinalState ? "yes" : "NO", perOp.WatchSawFinalState ? "yes" : "NO"),
            ("content hash", holonHash[..16], perOpHash[..16]),
        };

        string Own(long? count) => count is { } n ? n.ToString("N0", c) : "(pool's)";

        int w0 = Math.Max("measure".Length, rows.Max(r => r.Measure.Length));
        int w1 = Math.Max(holon.Backend.Length, rows.Max(r => r.Holon.Length));
        int w2 = Math.Max(perOp.Backend.Length, rows.Max(r => r.PerOp.Length));
        string Line(string a, string b, string d) => $"| {a.PadRight(w0)} | {b.PadLeft(w1)} | {d.PadLeft(w2)} |";

        Console.WriteLine();
        Console.WriteLine(Line("measure", holon.Backend, perOp.Backend));
        Console.WriteLine($"|{new string('-', w0 + 2)}|{new string('-', w1 + 1)}:|{new string('-', w2 + 1)}:|");
        foreach (var (measure, h, p) in rows)
        {
            Console.WriteLine(Line(measure, h, p));
        }

        Console.WriteLine();
        double speedup = holon.OperationsPerSecond / Math.Max(perOp.OperationsPerSecond, 1e-9);
        double connections = (double)perOp.Counters.ConnectionsCreated / Math.Max(holon.Counters.ConnectionsCreated, 1);
        Console.WriteLine(string.Create(c, $"{holon.Backend} did the same work {speedup:F1}x as fast, with {connections:N0}x fewer physical connections."));
    }
}
