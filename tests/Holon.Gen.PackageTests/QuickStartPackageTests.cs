using System.Text.RegularExpressions;

namespace Holon.Gen.PackageTests;

/// <summary>
/// The README's quick start is a promise: its code blocks, taken from README.md as written, pasted into a new console
/// project that references the packed Holon.Data, build without a warning and run. Each block to paste is marked in
/// the README with <c>&lt;!-- quickstart: path --&gt;</c> on the line before its fence.
/// </summary>
[Collection(nameof(ConsumerPackageCollection))]
public sealed class QuickStartPackageTests(PackageFixture package)
{
    private static readonly Regex Block = new(@"<!-- quickstart: (?<path>[^ ]+) -->\r?\n```[a-z]*\r?\n(?<code>.*?)\r?\n```", RegexOptions.Singleline);

    /// <summary>Every marked block of README.md: the file it goes to, and its text.</summary>
    private static List<(string Path, string Code)> QuickStartFiles()
    {
        string readme = File.ReadAllText(Path.Combine(PackageFixture.FindRepositoryRoot(), "README.md"));
        return Block.Matches(readme).Select(m => (m.Groups["path"].Value, m.Groups["code"].Value + "\n")).ToList();
    }

    [Fact]
    public async Task The_README_quick_start_builds_without_warnings_in_a_new_console_project_and_runs()
    {
        Assert.True(package.Pack is { ExitCode: 0 }, package.LastStep);
        var token = TestContext.Current.CancellationToken;
        var files = QuickStartFiles();
        Assert.Equal(["BlockStore.cs", "Migrations/0001_create_blocks.sql", "Program.cs"], files.Select(f => f.Path).Order(StringComparer.Ordinal));

        string dir = Path.Combine(package.Root, "quick-start");
        var created = await PackageFixture.Dotnet(package.Root, token, "new", "console", "-n", "Notes", "-o", dir, "--no-restore");
        Assert.True(created.ExitCode == 0, created.ToString());
        package.WriteIsolatedProjectFiles(dir);
        var added = await PackageFixture.Dotnet(dir, token, "add", "package", "Holon.Data", "--version", package.Version);
        Assert.True(added.ExitCode == 0, added.ToString());
        foreach (var (path, code) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllText(Path.Combine(dir, path), code);
        }

        var build = await PackageFixture.Dotnet(dir, token, "build", "-c", "Release", "--no-restore");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.False(build.Output.Contains(": warning ", StringComparison.Ordinal), build.ToString());

        var run = await PackageFixture.Dotnet(dir, token, Path.Combine(dir, "bin", "Release", "net10.0", "Notes.dll"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello", run.Output.Trim());

        // What the README says NOT NULL on the key is for: without it, the build warns that string Id could read NULL.
        string migration = Path.Combine(dir, "Migrations", "0001_create_blocks.sql");
        File.WriteAllText(migration, File.ReadAllText(migration).Replace("id TEXT PRIMARY KEY NOT NULL", "id TEXT PRIMARY KEY", StringComparison.Ordinal));
        var nullableKey = await PackageFixture.Dotnet(dir, token, "build", "-c", "Release", "--no-restore");
        Assert.True(Regex.IsMatch(nullableKey.Output, @"BlockStore\.cs\(\d+,\d+\): warning HOLON203: .*'id'"), nullableKey.ToString());

        // A migration's HOLON205 (in a .sql file, out of an .editorconfig's reach) takes its severity from a
        // .globalconfig beside the project, which the SDK passes to the compiler unasked.
        File.WriteAllText(Path.Combine(dir, "Migrations", "0002_broken.sql"), "CREATE TABLE broken (;\n");
        File.WriteAllText(Path.Combine(dir, ".globalconfig"), "is_global = true\ndotnet_diagnostic.HOLON205.severity = warning\n");
        var relaxed = await PackageFixture.Dotnet(dir, token, "build", "-c", "Release", "--no-restore");
        Assert.True(relaxed.ExitCode == 0, relaxed.ToString());
        Assert.True(Regex.IsMatch(relaxed.Output, @"0002_broken\.sql\(1,\d+\): warning HOLON205:"), relaxed.ToString());
    }
}

/// <summary>The quick start and dotnet format tests share one packed package (packing it is minutes on a busy machine).</summary>
[CollectionDefinition(nameof(ConsumerPackageCollection))]
public sealed class ConsumerPackageCollection : ICollectionFixture<PackageFixture>;
