namespace Holon.Gen;

/// <summary>Names of the tracked incremental steps, used by the incrementality tests.</summary>
internal static class TrackingNames
{
    public const string QueryMethods = nameof(QueryMethods);
    public const string CommandMethods = nameof(CommandMethods);
    public const string AllMethods = nameof(AllMethods);
    public const string Classes = nameof(Classes);
    public const string Diagnostics = nameof(Diagnostics);
}
