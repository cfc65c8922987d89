namespace Holon.Data.Internal;

/// <summary>A bounded least-recently-used cache of statements prepared from ad-hoc SQL strings, per connection.</summary>
internal sealed class AdHocStatementCache
{
    private readonly PhysicalConnection _owner;
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<PreparedStatement>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<PreparedStatement> _recency = new();

    public AdHocStatementCache(PhysicalConnection owner, int capacity)
    {
        _owner = owner;
        _capacity = Math.Max(1, capacity);
    }

    public int Count => _map.Count;

    public PreparedStatement Get(string sql)
    {
        if (_map.TryGetValue(sql, out var node))
        {
            _owner.CountHit();
            if (node != _recency.First)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }

            return node.Value;
        }

        _owner.CountMiss();
        var statement = PreparedStatement.Prepare(_owner, sql, definition: null);
        _map[sql] = _recency.AddFirst(statement);
        while (_map.Count > _capacity)
        {
            var last = _recency.Last!;
            // A statement still in use by the caller is kept; it is evicted on a later miss.
            if (last.Value.InUse && !TryFindEvictable(out last)) break;
            _recency.Remove(last);
            _map.Remove(last.Value.Sql);
            last.Value.Destroy();
            _owner.CountEvicted();
        }

        return statement;
    }

    private bool TryFindEvictable(out LinkedListNode<PreparedStatement> node)
    {
        // Never the first node: that is the statement just prepared for the caller.
        for (var n = _recency.Last; n is not null && n != _recency.First; n = n.Previous)
        {
            if (!n.Value.InUse)
            {
                node = n;
                return true;
            }
        }

        node = null!;
        return false;
    }

    public void DestroyAll()
    {
        foreach (var s in _recency) s.Destroy();
        _recency.Clear();
        _map.Clear();
    }
}
