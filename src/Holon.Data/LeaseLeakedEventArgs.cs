namespace Holon.Data;

/// <summary>Describes a lease that was dropped without being disposed (see <see cref="SqlitePool.LeaseLeaked"/>).</summary>
public sealed class LeaseLeakedEventArgs : EventArgs
{
    internal LeaseLeakedEventArgs(bool isWriter, int connectionId, string? rentSite)
    {
        IsWriter = isWriter;
        ConnectionId = connectionId;
        RentSite = rentSite;
    }

    /// <summary>True when the leaked lease was the writer.</summary>
    public bool IsWriter { get; }

    /// <summary>The id of the physical connection (as in the pool's logs).</summary>
    public int ConnectionId { get; }

    /// <summary>Where the lease was rented (a stack trace), when <see cref="SqlitePoolOptions.TrackLeaseOrigins"/> is on.</summary>
    public string? RentSite { get; }
}
