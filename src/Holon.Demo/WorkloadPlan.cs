namespace Holon.Demo;

/// <summary>One step of the writer's mixed phase, decided in advance so both backends run the very same sequence.</summary>
internal enum WriterOpKind
{
    /// <summary>Read the block, then write new content (two operations).</summary>
    Edit,
    InsertChild,
    DeleteLeaf,
    RefreshDocument,
}

internal readonly record struct WriterOp(WriterOpKind Kind, string Id, Block? NewBlock, long Timestamp)
{
    /// <summary>Data-layer calls this step makes.</summary>
    public int Operations => Kind == WriterOpKind.Edit ? 2 : 1;
}

/// <summary>
/// The whole workload, generated from a fixed seed: the initial document tree (inserted in batches), the writer's
/// steps, and how many reads each reader makes. Reads never change data, so the final content depends only on the
/// writer's steps, which are the same for both backends.
/// </summary>
internal sealed partial class WorkloadPlan
{
    public const int Seed = 20261126;
    public const int BatchSize = 100;
    private const long ClockStart = 1_780_000_000_000;   // logical milliseconds, not the wall clock

    private static readonly string[] Words =
    [
        "alpha", "garden", "note", "meeting", "idea", "task", "draft", "review", "plan", "sketch", "budget", "travel",
        "recipe", "reading", "journal", "project", "outline", "question", "answer", "link", "quote", "summary",
        "deadline", "follow-up", "backlog", "sprint", "release", "bug", "design", "holon", "sqlite", "pool",
    ];

    private static readonly string[] ContentTypes = ["text", "text", "text", "heading", "todo", "code", "quote"];

    private WorkloadPlan(List<Block> initial, List<WriterOp> writerOps, List<string> readIds, List<string> parentIds, int readsPerReader, int readers)
    {
        InitialBlocks = initial;
        WriterOps = writerOps;
        ReadIds = readIds;
        ParentIds = parentIds;
        ReadsPerReader = readsPerReader;
        Readers = readers;
        TotalOperations = 1 + initial.Count + writerOps.Sum(op => (long)op.Operations) + (long)readers * readsPerReader;
    }

    /// <summary>The initial tree, parents before children.</summary>
    public IReadOnlyList<Block> InitialBlocks { get; }

    public IReadOnlyList<WriterOp> WriterOps { get; }

    /// <summary>Ids readers look up (some get deleted along the way; a lookup then finds nothing, as in the app).</summary>
    public IReadOnlyList<string> ReadIds { get; }

    /// <summary>Blocks with children when the tree was built: documents and their first level.</summary>
    public IReadOnlyList<string> ParentIds { get; }

    public int ReadsPerReader { get; }

    public int Readers { get; }

    /// <summary>Every data-layer call the run makes: init, inserts, writer steps and reads.</summary>
    public long TotalOperations { get; }

    public static WorkloadPlan Create(int blocks, int readers)
    {
        var builder = new Builder();
        var initial = builder.Tree(blocks);
        var readIds = initial.Select(b => b.Id).ToList();
        var ops = builder.WriterSteps(blocks);
        return new WorkloadPlan(initial, ops, readIds, builder.Parents, Math.Max(1, blocks / 2), readers);
    }

    /// <summary>The content a step writes, derived from what it read, so a stale or wrong read changes the hash.</summary>
    public static string EditedContent(string current, long timestamp)
    {
        var head = current.Length > 120 ? current[..120] : current;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{head} (edited {timestamp % 100_000})");
    }

    public static string EditedProperties(Block current) =>
        current.Properties.Replace("\"collapsed\":false", "\"collapsed\":true", StringComparison.Ordinal);

    private static string Sentence(Random rng)
    {
        int words = rng.Next(3, 13);
        var parts = new string[words];
        for (int i = 0; i < words; i++)
        {
            parts[i] = Words[rng.Next(Words.Length)];
        }

        return string.Join(' ', parts);
    }

    private sealed class Node(string? parentId, bool isDocument)
    {
        public string? ParentId { get; } = parentId;
        public bool IsDocument { get; } = isDocument;
        public bool Live { get; set; } = true;
        public int LiveChildren { get; set; }
        public long NextSortKey { get; set; }
    }
}
