using Microsoft.Extensions.Logging;

namespace Holon.Data.Internal.Native;

/// <summary>The log line saying a pool runs its statements through SQLitePCLRaw because the direct path could not load.</summary>
internal static class NativeLog
{
    public static readonly Action<ILogger, string, string, Exception?> DirectPathUnavailable =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(40, "DirectPathUnavailable"),
            "Pool {DataSource}: statements call SQLite through SQLitePCLRaw, not directly ({Reason}); results are the same, a little slower");
}
