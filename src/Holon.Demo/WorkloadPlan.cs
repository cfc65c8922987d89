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
internal sealed class WorkloadPlan
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
        var rng = new Random(Seed);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        var initial = new List<Block>(blocks);
        var documents = new List<string>();
        var parents = new List<string>();
        long clock = ClockStart;

        Block NewBlock(string? parentId, long sortKey)
        {
            string id;
            do
            {
                id = "blk_" + rng.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            }
            while (!ids.Add(id));

            clock += 1000;
            var block = new Block(
                id,
                parentId,
                Sentence(rng),
                parentId is null ? "document" : ContentTypes[rng.Next(ContentTypes.Length)],
                sortKey,
                $$"""{"collapsed":{{(rng.Next(4) == 0 ? "true" : "false")}},"tags":["t{{rng.Next(50)}}"]}""",
                clock,
                clock);
            nodes[id] = new Node(parentId, parentId is null);
            if (parentId is not null)
            {
                nodes[parentId].LiveChildren++;
                nodes[parentId].NextSortKey = sortKey + 1024;
            }

            return block;
        }

        // Documents of 3–8 sections, each with 0–4 paragraphs, each with 0–2 notes: about 20 blocks a document.
        while (initial.Count < blocks)
        {
            var doc = NewBlock(null, documents.Count * 1024L);
            initial.Add(doc);
            documents.Add(doc.Id);
            parents.Add(doc.Id);
            int sections = rng.Next(3, 9);
            for (int s = 0; s < sections && initial.Count < blocks; s++)
            {
                var section = NewBlock(doc.Id, s * 1024L);
                initial.Add(section);
                parents.Add(section.Id);
                int paragraphs = rng.Next(0, 5);
                for (int p = 0; p < paragraphs && initial.Count < blocks; p++)
                {
                    var paragraph = NewBlock(section.Id, p * 1024L);
                    initial.Add(paragraph);
                    int notes = rng.Next(0, 3);
                    for (int n = 0; n < notes && initial.Count < blocks; n++)
                    {
                        initial.Add(NewBlock(paragraph.Id, n * 1024L));
                    }
                }
            }
        }

        var all = initial.Select(b => b.Id).ToList();
        var readIds = all.ToList();

        // The writer's mixed phase: as many steps as initial blocks.
        var ops = new List<WriterOp>(blocks);
        string RandomLive()
        {
            while (true)
            {
                var id = all[rng.Next(all.Count)];
                if (nodes[id].Live) return id;
            }
        }

        for (int i = 0; i < blocks; i++)
        {
            clock += 1000;
            int roll = rng.Next(100);
            if (roll < 15 && TryPickLeaf(rng, all, nodes, out var leaf))
            {
                var node = nodes[leaf];
                node.Live = false;
                nodes[node.ParentId!].LiveChildren--;
                ops.Add(new WriterOp(WriterOpKind.DeleteLeaf, leaf, null, clock));
            }
            else if (roll >= 15 && roll < 35)
            {
                var parentId = RandomLive();
                var child = NewBlock(parentId, nodes[parentId].NextSortKey);
                all.Add(child.Id);
                ops.Add(new WriterOp(WriterOpKind.InsertChild, child.Id, child, clock));
            }
            else if (roll >= 35 && roll < 40)
            {
                string doc;
                do { doc = documents[rng.Next(documents.Count)]; } while (!nodes[doc].Live);
                ops.Add(new WriterOp(WriterOpKind.RefreshDocument, doc, null, clock));
            }
            else
            {
                ops.Add(new WriterOp(WriterOpKind.Edit, RandomLive(), null, clock));
            }
        }

        return new WorkloadPlan(initial, ops, readIds, parents, Math.Max(1, blocks / 2), readers);
    }

    /// <summary>The content a step writes, derived from what it read, so a stale or wrong read changes the hash.</summary>
    public static string EditedContent(string current, long timestamp)
    {
        var head = current.Length > 120 ? current[..120] : current;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{head} (edited {timestamp % 100_000})");
    }

    public static string EditedProperties(Block current) =>
        current.Properties.Replace("\"collapsed\":false", "\"collapsed\":true", StringComparison.Ordinal);

    private static bool TryPickLeaf(Random rng, List<string> all, Dictionary<string, Node> nodes, out string leaf)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var id = all[rng.Next(all.Count)];
            var node = nodes[id];
            if (node.Live && !node.IsDocument && node.LiveChildren == 0)
            {
                leaf = id;
                return true;
            }
        }

        leaf = "";
        return false;
    }

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
