namespace Holon.Demo;

internal sealed partial class HolonBackend
{
    /// <summary>The generated [Watch]: refreshes on readers rented per refresh; no connection of its own.</summary>
    public IAsyncEnumerable<IReadOnlyList<Block>> WatchChildren(string parentId, CancellationToken ct) => _store.WatchChildren(parentId, ct);

    /// <summary>Null: a watch rents the pool's readers between commits, so its connections are the pool's, counted in the total.</summary>
    public long? WatchConnectionsCreated => null;
}
