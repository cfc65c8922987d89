using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Holon.Gen.PackageTests;

/// <summary>
/// Compile-time schema verification from the packed Holon.Data: a consumer with migrations builds under csc and under
/// the compiler server; a typo in a column fails the build with HOLON200 on the SQL's line; the fix builds clean.
/// </summary>
public sealed class SchemaVerificationPackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const string Program = """
        using Holon.Data;

        await using var pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = "Data Source=notes.db" });
        System.Console.WriteLine(pool is not null);

        public sealed record Note(string Id, string Title, string? ParentId);

        public sealed partial class NoteStore(SqlitePool pool)
        {
            [Query("SELECT id, title, parent_id FROM notes WHERE id = @id")]
            public partial Note? Get(string id);

            [Query(
                "SELECT id, COLUMN, parent_id FROM notes ORDER BY title")] // HOLON200-HERE
            public partial List<Note> All();

            [Command("UPDATE notes SET title = @title WHERE id = @id")]
            public partial int Rename(string id, string title);
        }
        """;

    [Fact]
    public void Package_ships_native_sqlite_outside_analyzers_and_the_binding_beside_the_generator()
    {
        Assert.True(package.Pack is { ExitCode: 0 }, package.LastStep);
        var entries = package.PackageEntries();
        foreach (var (rid, file) in new[] { ("linux-x64", "libe_sqlite3.so"), ("linux-arm64", "libe_sqlite3.so"), ("osx-x64", "libe_sqlite3.dylib"),
                     ("osx-arm64", "libe_sqlite3.dylib"), ("win-x64", "e_sqlite3.dll"), ("win-arm64", "e_sqlite3.dll") })
        {
            Assert.Contains($"native/runtimes/{rid}/native/{file}", entries);
        }
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.Contains("e_sqlite3.", StringComparison.Ordinal)
            && !e.EndsWith("provider.e_sqlite3.dll", StringComparison.Ordinal));
        Assert.Contains("analyzers/dotnet/cs/SQLitePCLRaw.core.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SQLitePCLRaw.provider.e_sqlite3.dll", entries);
        Assert.Contains("build/Holon.Data.props", entries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_typo_fails_the_build_with_HOLON200_on_its_line_and_the_fix_builds_clean(bool sharedCompilation)
    {
        Assert.True(package.Pack is { ExitCode: 0 }, package.LastStep);
        var token = TestContext.Current.CancellationToken;
        string dir = Path.Combine(package.Root, "schema-consumer-" + (sharedCompilation ? "server" : "csc"));
        WriteConsumer(dir, Program.Replace("COLUMN", "titel", StringComparison.Ordinal));
        int line = Program.Split('\n').ToList().FindIndex(l => l.Contains("// HOLON200-HERE", StringComparison.Ordinal)) + 1;

        // This test's own compiler server (its own pipe): another build on the machine can neither lend it a server nor
        // lose its server to this test's clean-up.
        string pipe = "holon-test-" + Guid.NewGuid().ToString("N")[..12];
        string[] compiler = [$"-p:UseSharedCompilation={sharedCompilation}", $"-p:SharedCompilationId={pipe}"];
        try
        {
            var broken = await Dotnet(dir, token, ["build", "-c", "Release", "-nodeReuse:false", .. compiler]);
            // Every assertion on a build carries its output: a failure here must say what the build printed.
            Assert.True(broken.ExitCode != 0, broken.ToString());
            var errors = Regex.Matches(broken.Output, @"Program\.cs\((\d+),(\d+)\): error HOLON200: (.*?) \[").DistinctBy(m => m.Value).ToList();
            Assert.True(errors.Count == 1, broken.ToString());
            var error = errors[0];
            Assert.Equal(line, int.Parse(error.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("no such column: titel", error.Groups[3].Value);
            Assert.False(broken.Output.Contains("HOLON206", StringComparison.Ordinal), broken.ToString());
            if (sharedCompilation)
            {
                // The build really went through a compiler server (started for it), and no native file was taken for an analyzer.
                Assert.True(CompilerServers(pipe).Count > 0, broken.ToString());
                Assert.False(broken.Output.Contains("CS8034", StringComparison.Ordinal), broken.ToString());
            }

            File.WriteAllText(Path.Combine(dir, "Program.cs"), Program.Replace("COLUMN", "title", StringComparison.Ordinal));
            var fixedBuild = await Dotnet(dir, token, ["build", "-c", "Release", "-nodeReuse:false", "--no-restore", .. compiler]);
            Assert.True(fixedBuild.ExitCode == 0, fixedBuild.ToString());
            Assert.False(fixedBuild.Output.Contains("HOLON2", StringComparison.Ordinal), fixedBuild.ToString());
            Assert.False(fixedBuild.Output.Contains(": warning ", StringComparison.Ordinal), fixedBuild.ToString());
        }
        finally
        {
            // The compiler server this test started, found by its pipe name.
            foreach (var pid in CompilerServers(pipe))
            {
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
        }
    }

    [Fact]
    public async Task Without_a_loadable_native_sqlite_the_build_reports_HOLON206_and_succeeds()
    {
        // Native loading is process-wide, so this needs its own compiler process: csc (no server), pointed at an empty folder.
        Assert.True(package.Pack is { ExitCode: 0 }, package.LastStep);
        var token = TestContext.Current.CancellationToken;
        string dir = Path.Combine(package.Root, "schema-consumer-no-native");
        string empty = Path.Combine(dir, "no-native");
        // The typo would be HOLON200 with a schema: here it cannot be seen, and must not fail the build.
        WriteConsumer(dir, Program.Replace("COLUMN", "titel", StringComparison.Ordinal));
        Directory.CreateDirectory(empty);

        // MSBuild does not print info diagnostics; the compiler's SARIF log (version 1) holds every one.
        string sarif = Path.Combine(dir, "diagnostics.sarif");
        var build = await Dotnet(dir, token, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            $"-p:HolonSqliteNativeDirectory={empty}/", $"-p:ErrorLog={sarif}");
        Assert.True(build.ExitCode == 0, build.ToString());
        using var log = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sarif));
        var skipped = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() == "HOLON206").ToList();
        var result = Assert.Single(skipped);
        Assert.Equal("note", result.GetProperty("level").GetString());
        Assert.Contains("could not load " + empty, result.GetProperty("message").GetString());
        Assert.DoesNotContain("HOLON200", build.Output);
        Assert.DoesNotContain(": error ", build.Output);
    }

    private void WriteConsumer(string dir, string program)
    {
        Directory.CreateDirectory(Path.Combine(dir, "Migrations"));
        package.WriteIsolatedProjectFiles(dir);
        // The migrations are listed here.
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Holon.Data" Version="{package.Version}" />
                <AdditionalFiles Include="Migrations/*.sql" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Migrations", "0001_notes.sql"),
            "CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL);\n");
        File.WriteAllText(Path.Combine(dir, "Migrations", "0002_parent.sql"),
            "ALTER TABLE notes ADD COLUMN parent_id TEXT REFERENCES notes (id);\n");
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
    }

    private static HashSet<int> CompilerServers(string pipe)
    {
        var pids = new HashSet<int>();
        if (!Directory.Exists("/proc")) return pids;
        foreach (var p in Process.GetProcesses())
        {
            try
            {
                string cmdline = File.ReadAllText($"/proc/{p.Id}/cmdline");
                if (cmdline.Contains("VBCSCompiler", StringComparison.Ordinal) && cmdline.Contains(pipe, StringComparison.Ordinal)) pids.Add(p.Id);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            finally { p.Dispose(); }
        }
        return pids;
    }

    private static async Task<CommandResult> Dotnet(string dir, CancellationToken token, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add("-clp:NoSummary");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        // The machine exports UseSharedCompilation=false; the command line decides here.
        start.Environment.Remove("UseSharedCompilation");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var o = Pump(process.StandardOutput, output);
        var e = Pump(process.StandardError, output);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromMinutes(10)); // as the fixture's builds: a restore and build on 2 busy cores
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(o, e);
        return new CommandResult("dotnet " + string.Join(' ', arguments), process.ExitCode, output.ToString());
    }

    private static async Task Pump(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink) sink.AppendLine(line);
        }
    }
}
