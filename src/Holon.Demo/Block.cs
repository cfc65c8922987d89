namespace Holon.Demo;

/// <summary>One block of a document tree, shaped like the original app's rows.</summary>
/// <remarks>Timestamps are milliseconds from a logical clock, so two runs of the same workload write identical rows.</remarks>
public sealed record Block(
    string Id,
    string? ParentId,
    string Content,
    string ContentType,
    long SortKey,
    string Properties,
    long CreatedAt,
    long UpdatedAt);
