namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>
/// Which files under a folder this process still has open. On Linux deleting an open file succeeds, so
/// "the file can be deleted" is proved by the absence of descriptors, read from /proc/self/fd.
/// </summary>
internal static class OpenFiles
{
    public static bool CanInspect => OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd");

    public static List<string> Under(string folder)
    {
        var open = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // the descriptor closed while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (target is not null && target.StartsWith(folder, StringComparison.Ordinal)) open.Add(target);
        }

        return open;
    }
}
