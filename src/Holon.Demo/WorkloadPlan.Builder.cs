namespace Holon.Demo;

internal sealed partial class WorkloadPlan
{
    /// <summary>
    /// Draws the plan from one seeded <see cref="Random"/>. The order of draws is the plan: changing it changes every
    /// block, step and content hash.
    /// </summary>
    private sealed class Builder
    {
        private readonly Random _rng = new(Seed);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
        private readonly List<string> _documents = [];
        private readonly List<string> _all = [];
        private long _clock = ClockStart;

        /// <summary>Blocks with children when the tree was built: documents and their first level.</summary>
        public List<string> Parents { get; } = [];

        /// <summary>Documents of 3–8 sections, each with 0–4 paragraphs, each with 0–2 notes: about 20 blocks a document.</summary>
        public List<Block> Tree(int blocks)
        {
            var initial = new List<Block>(blocks);
            while (initial.Count < blocks)
            {
                var doc = NewBlock(null, _documents.Count * 1024L);
                initial.Add(doc);
                _documents.Add(doc.Id);
                Parents.Add(doc.Id);
                int sections = _rng.Next(3, 9);
                for (int s = 0; s < sections && initial.Count < blocks; s++)
                {
                    var section = NewBlock(doc.Id, s * 1024L);
                    initial.Add(section);
                    Parents.Add(section.Id);
                    int paragraphs = _rng.Next(0, 5);
                    for (int p = 0; p < paragraphs && initial.Count < blocks; p++)
                    {
                        var paragraph = NewBlock(section.Id, p * 1024L);
                        initial.Add(paragraph);
                        int notes = _rng.Next(0, 3);
                        for (int n = 0; n < notes && initial.Count < blocks; n++)
                        {
                            initial.Add(NewBlock(paragraph.Id, n * 1024L));
                        }
                    }
                }
            }

            _all.AddRange(initial.Select(b => b.Id));
            return initial;
        }

        /// <summary>The writer's mixed phase: as many steps as initial blocks.</summary>
        public List<WriterOp> WriterSteps(int steps)
        {
            var ops = new List<WriterOp>(steps);
            for (int i = 0; i < steps; i++)
            {
                _clock += 1000;
                ops.Add(NextStep(_rng.Next(100)));
            }

            return ops;
        }

        private WriterOp NextStep(int roll)
        {
            if (roll < 15 && TryPickLeaf(out var leaf))
            {
                var node = _nodes[leaf];
                node.Live = false;
                _nodes[node.ParentId!].LiveChildren--;
                return new WriterOp(WriterOpKind.DeleteLeaf, leaf, null, _clock);
            }

            if (roll >= 15 && roll < 35)
            {
                var parentId = RandomLive();
                var child = NewBlock(parentId, _nodes[parentId].NextSortKey);
                _all.Add(child.Id);
                return new WriterOp(WriterOpKind.InsertChild, child.Id, child, _clock);
            }

            if (roll >= 35 && roll < 40)
            {
                string doc;
                do { doc = _documents[_rng.Next(_documents.Count)]; } while (!_nodes[doc].Live);
                return new WriterOp(WriterOpKind.RefreshDocument, doc, null, _clock);
            }

            return new WriterOp(WriterOpKind.Edit, RandomLive(), null, _clock);
        }

        private Block NewBlock(string? parentId, long sortKey)
        {
            string id;
            do
            {
                id = "blk_" + _rng.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            }
            while (!_ids.Add(id));

            _clock += 1000;
            var block = new Block(
                id,
                parentId,
                Sentence(_rng),
                parentId is null ? "document" : ContentTypes[_rng.Next(ContentTypes.Length)],
                sortKey,
                $$"""{"collapsed":{{(_rng.Next(4) == 0 ? "true" : "false")}},"tags":["t{{_rng.Next(50)}}"]}""",
                _clock,
                _clock);
            _nodes[id] = new Node(parentId, parentId is null);
            if (parentId is not null)
            {
                _nodes[parentId].LiveChildren++;
                _nodes[parentId].NextSortKey = sortKey + 1024;
            }

            return block;
        }

        private string RandomLive()
        {
            while (true)
            {
                var id = _all[_rng.Next(_all.Count)];
                if (_nodes[id].Live) return id;
            }
        }

        private bool TryPickLeaf(out string leaf)
        {
            for (int attempt = 0; attempt < 20; attempt++)
            {
                var id = _all[_rng.Next(_all.Count)];
                var node = _nodes[id];
                if (node.Live && !node.IsDocument && node.LiveChildren == 0)
                {
                    leaf = id;
                    return true;
                }
            }

            leaf = "";
            return false;
        }
    }
}
