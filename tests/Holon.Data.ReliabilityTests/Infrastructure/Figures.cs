using System.Globalization;

namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>
/// Measured figures (latencies, counts) go to the test output and to one file per mode in the temp folder,
/// so README's numbers come from a run, never from memory. Figures are reported, not asserted.
/// </summary>
internal static class Figures
{
    private static readonly object s_gate = new();

    public static string FilePath { get; } =
        Path.Combine(Path.GetTempPath(), "holon-reliability", $"figures-{ReliabilityMode.Name}.txt");

    public static void Record(string name, string value)
    {
        string test = TestContext.Current.Test?.TestDisplayName ?? "?";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} [{ReliabilityMode.Name}] {test}: {name} = {value}");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        lock (s_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, line + Environment.NewLine);
        }
    }

    public static void RecordMs(string name, double milliseconds)
        => Record(name, milliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms");

    public static void RecordLatencies(string name, IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        Record(name, string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Length} p50={Percentile(sorted, 0.50):0.000} ms p99={Percentile(sorted, 0.99):0.000} ms max={sorted[^1]:0.000} ms"));
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sortedAscending, double p)
    {
        int rank = (int)Math.Ceiling(p * sortedAscending.Length);
        return sortedAscending[Math.Clamp(rank - 1, 0, sortedAscending.Length - 1)];
    }

    public static double Ms(long startTimestamp, long endTimestamp)
        => (endTimestamp - startTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
