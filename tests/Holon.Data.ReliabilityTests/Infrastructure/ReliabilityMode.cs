namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>
/// Short mode (default, CI) or long mode (<c>HOLON_RELIABILITY=long</c>): the same tests with bigger counts.
/// </summary>
internal static class ReliabilityMode
{
    public static bool IsLong { get; } =
        string.Equals(Environment.GetEnvironmentVariable("HOLON_RELIABILITY"), "long", StringComparison.OrdinalIgnoreCase);

    public static string Name => IsLong ? "long" : "short";

    public static int Pick(int shortCount, int longCount) => IsLong ? longCount : shortCount;

    public static TimeSpan Pick(TimeSpan shortSpan, TimeSpan longSpan) => IsLong ? longSpan : shortSpan;
}
