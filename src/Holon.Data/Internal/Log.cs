using Microsoft.Extensions.Logging;

namespace Holon.Data.Internal;

internal static class Log
{
    public static readonly Action<ILogger, int, string, string, Exception?> ConnectionCreated =
        LoggerMessage.Define<int, string, string>(LogLevel.Debug, new EventId(1, "ConnectionCreated"), "Opened SQLite connection {ConnectionId} ({Side}) to {DataSource}");

    public static readonly Action<ILogger, int, string, Exception?> ConnectionClosed =
        LoggerMessage.Define<int, string>(LogLevel.Debug, new EventId(2, "ConnectionClosed"), "Closed SQLite connection {ConnectionId} ({Side})");

    public static readonly Action<ILogger, string, int, double, Exception?> Timeout =
        LoggerMessage.Define<string, int, double>(LogLevel.Warning, new EventId(3, "LeaseTimeout"), "Timed out waiting for a {Side} connection (capacity {Capacity}) after {WaitedMs} ms");

    public static readonly Action<ILogger, string, int, string, Exception?> LeaseLeaked =
        LoggerMessage.Define<string, int, string>(LogLevel.Warning, new EventId(4, "LeaseLeaked"), "A {Side} lease on connection {ConnectionId} was never disposed; its capacity was recovered. Rented at: {RentSite}");

    public static readonly Action<ILogger, int, string, Exception?> BrokenConnection =
        LoggerMessage.Define<int, string>(LogLevel.Warning, new EventId(5, "BrokenConnection"), "Discarded broken SQLite connection {ConnectionId} ({Side}); a new one will be opened when needed");
}
