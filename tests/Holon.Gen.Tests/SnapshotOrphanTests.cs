using System.Reflection;

namespace Holon.Gen.Tests;

/// <summary>
/// Every verified snapshot belongs to a test of this assembly: its name up to the first dot is a [Fact] or [Theory]
/// method's name, or a name such a method declares with [SnapshotNames]. A snapshot left behind by a renamed or
/// removed test fails here (one left behind by a test that no longer generates that file fails in Snapshot.Verify).
/// </summary>
public class SnapshotOrphanTests
{
    [Fact]
    public void Every_snapshot_file_names_a_test_that_produces_it()
    {
        var methods = typeof(SnapshotOrphanTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .ToList();
        var names = methods.Select(m => m.Name)
            .Concat(methods.SelectMany(m => m.GetCustomAttribute<SnapshotNamesAttribute>()?.Names ?? []))
            .ToHashSet(StringComparer.Ordinal);

        var files = Directory.GetFiles(Snapshot.Folder(), "*.verified.cs");
        Assert.NotEmpty(files);
        var orphans = files.Where(f => !names.Contains(Snapshot.TestNameOf(f))).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(orphans.Count == 0, "Snapshots no test produces (delete them): " + string.Join(", ", orphans));
    }
}
