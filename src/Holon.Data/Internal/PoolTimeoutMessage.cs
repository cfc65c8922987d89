using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Holon.Data.Internal;

/// <summary>Builds the <see cref="PoolTimeoutException"/> of a rent that waited too long: side, capacity, queue, and the holders' rent sites when tracked.</summary>
internal static class PoolTimeoutMessage
{
    public static PoolTimeoutException Create(
        string poolName, LeaseGate gate, TimeSpan waited, bool trackLeaseOrigins, WeakReference<PhysicalConnection>[] connections)
    {
        var sb = new StringBuilder();
        sb.Append("Timed out after ").Append(Milliseconds(waited))
          .Append(" ms waiting for a ").Append(gate.SideName).Append(" connection of pool '").Append(poolName)
          .Append("' (").Append(gate.SideName).Append(" capacity ").Append(gate.Capacity).Append(", ")
          .Append(gate.Waiting).Append(" waiting). ");
        if (!trackLeaseOrigins)
        {
            sb.Append("Set SqlitePoolOptions.TrackLeaseOrigins to see where the holders rented their leases.");
        }
        else
        {
            AppendHolders(sb, gate.IsWriter, connections);
        }

        return new PoolTimeoutException(sb.ToString(), gate.IsWriter, gate.Capacity, waited);
    }

    private static void AppendHolders(StringBuilder sb, bool isWriter, WeakReference<PhysicalConnection>[] connections)
    {
        sb.Append("Current holders:");
        int n = 0;
        foreach (var weak in connections)
        {
            if (!weak.TryGetTarget(out var c) || c.IsWriter != isWriter || !c.IsRented) continue;
            n++;
            sb.AppendLine().Append("  ").Append(c).Append(", held for ")
              .Append(Milliseconds(Stopwatch.GetElapsedTime(c.RentTimestamp)))
              .Append(" ms, rented at:").AppendLine().Append(c.RentSite ?? "    (unknown)");
        }

        if (n == 0) sb.Append(" none found (a lease may have leaked).");
    }

    private static string Milliseconds(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}
