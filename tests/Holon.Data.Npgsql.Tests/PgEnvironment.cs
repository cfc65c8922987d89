namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// Reads the servers' connection strings (the contract of .ci/pg): HOLON_PG_PRIMARY and HOLON_PG_STANDBY.
/// Missing on a developer machine: the tests skip and say how to start the servers. Missing in CI: they fail.
/// </summary>
public sealed record PgEnvironment(string? Primary, string? Standby, string? Problem, bool MustFail)
{
    public const string HowToStart =
        "Start the PostgreSQL primary and standby with `eval \"$(bash .ci/pg start)\"` from the repository root "
        + "(stop them with `bash .ci/pg stop`); .ci/run does this for you.";

    public static PgEnvironment From(Func<string, string?> getVariable)
    {
        var primary = getVariable("HOLON_PG_PRIMARY");
        var standby = getVariable("HOLON_PG_STANDBY");
        bool ci = string.Equals(getVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(primary) && !string.IsNullOrWhiteSpace(standby)) return new(primary, standby, null, false);
        var missing = string.IsNullOrWhiteSpace(primary) ? "HOLON_PG_PRIMARY" : "HOLON_PG_STANDBY";
        return new(null, null, $"{missing} is not set. {HowToStart}", ci);
    }

    public static PgEnvironment Current { get; } = From(Environment.GetEnvironmentVariable);

    /// <summary>Skips the calling test (developer machine) or fails it (CI) when the servers are not there.</summary>
    public void Require()
    {
        if (Problem is null) return;
        if (MustFail) Assert.Fail($"CI=true and the PostgreSQL servers are missing: {Problem}");
        Assert.Skip(Problem);
    }
}
