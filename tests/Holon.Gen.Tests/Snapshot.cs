using System.Runtime.CompilerServices;

namespace Holon.Gen.Tests;

/// <summary>
/// Compares generated text with Snapshots/&lt;Test&gt;.&lt;hint&gt;.verified.cs. On a mismatch it writes a .received.cs
/// beside it and fails; with HOLON_ACCEPT_SNAPSHOTS=1 it overwrites the verified file instead.
/// </summary>
internal static class Snapshot
{
    public static string? Check(string testName, string hintName, string actual, [CallerFilePath] string callerFile = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        Directory.CreateDirectory(folder);
        string stem = Path.Combine(folder, testName + "." + (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName));
        string verified = stem + ".verified.cs";
        string received = stem + ".received.cs";
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable("HOLON_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return null;
        }

        string? expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return null;
        }
        File.WriteAllText(received, actual);
        return (expected is null
            ? $"No snapshot {verified}; wrote {received}. Review it and rerun with HOLON_ACCEPT_SNAPSHOTS=1 to accept."
            : $"Generated source differs from {verified}; wrote {received}. Diff them, and rerun with HOLON_ACCEPT_SNAPSHOTS=1 to accept.");
    }

    /// <summary>Checks every file, then fails once listing all mismatches.</summary>
    public static void Verify(string testName, IEnumerable<(string HintName, string Text)> files, [CallerFilePath] string callerFile = "")
    {
        var failures = files.Select(f => Check(testName, f.HintName, f.Text, callerFile)).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n");
}
