namespace Holon.Demo;

internal sealed partial class HolonBackend
{
    /// <summary>The generated [Watch]: refreshes on readers rented per refresh; no connection of its own.</summary>
    public IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct) => _store.WatchChildren(parentId, ct);

    /// <summary>A watch opens no connection: it rents the pool's readers between commits and returns them.</summary>
    public long WatchConnectionsCreated => 0;
}
