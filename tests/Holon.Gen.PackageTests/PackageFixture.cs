using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Holon.Gen.PackageTests;

/// <summary>
/// Packs src/Holon.Data and src/Holon.Data.DependencyInjection once into a folder feed and builds a consumer
/// project (outside the repository)
/// that restores it. Everything lives in one temp folder; the repository's bin/obj are never touched
/// (the pack uses its own artifacts path), and the version is unique so no NuGet cache serves an old copy.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "holon-package-test-" + Guid.NewGuid().ToString("N")[..12]);
    // Unique per fixture, not only per process: two test classes create their fixtures in the same second, and each one's
    // DisposeAsync deletes its version from the package cache while the other class may still be building against it.
    public string Version { get; } = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId + "." +
        Interlocked.Increment(ref s_fixtures);

    private static int s_fixtures;
    public string Feed => Path.Combine(Root, "feed");
    public string ConsumerDirectory => Path.Combine(Root, "consumer");
    public string PackagePath => Path.Combine(Feed, $"Holon.Data.{Version}.nupkg");

    public CommandResult? Pack { get; private set; }
    public CommandResult? PackDependencyInjection { get; private set; }
    public string DependencyInjectionPackagePath => Path.Combine(Feed, $"Holon.Data.DependencyInjection.{Version}.nupkg");
    public CommandResult? Build { get; private set; }
    public CommandResult? Run { get; private set; }
    public CommandResult? BuildWithErrorSeverity { get; private set; }

    /// <summary>The output of the last step that ran, for assertion messages.</summary>
    public string LastStep => (BuildWithErrorSeverity ?? Run ?? Build ?? PackDependencyInjection ?? Pack)?.ToString() ?? "nothing ran";
    public string DatabasePath => Path.Combine(Root, "notes.db");

    /// <summary>1-based line of the marked <c>new SqliteConnection</c> in the consumer's Program.cs.</summary>
    public int ExpectedWarningLine { get; private set; }

    /// <summary>1-based line of the consumer's one deliberate trim/AOT-unsafe call (proves the analyzers run).</summary>
    public int ExpectedTrimWarningLine { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var token = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(ConsumerDirectory);
        var repo = FindRepositoryRoot();

        Pack = await Dotnet(repo, token, "pack", Path.Combine(repo, "src", "Holon.Data", "Holon.Data.csproj"),
            "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"), $"-p:Version={Version}");
        if (Pack.ExitCode != 0)
        {
            return;
        }

        // The DI package, same version: its dependency on Holon.Data resolves to the package packed just above.
        PackDependencyInjection = await Dotnet(repo, token, "pack",
            Path.Combine(repo, "src", "Holon.Data.DependencyInjection", "Holon.Data.DependencyInjection.csproj"),
            "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"), $"-p:Version={Version}");
        if (PackDependencyInjection.ExitCode != 0)
        {
            return;
        }

        WriteConsumer();
        Build = await Dotnet(ConsumerDirectory, token, "build", "-c", "Release");
        if (Build.ExitCode != 0)
        {
            return;
        }

        Run = await Dotnet(ConsumerDirectory, token, Path.Combine(ConsumerDirectory, "bin", "Release", "net10.0", "Consumer.dll"), DatabasePath);

        File.WriteAllText(Path.Combine(ConsumerDirectory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.HOLON100.severity = error\n");
        BuildWithErrorSeverity = await Dotnet(ConsumerDirectory, token, "build", "-c", "Release", "--no-restore");
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(Root);
        // The unique version was extracted into the machine's package cache; do not let runs pile up there.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(cache, "holon.data", Version.ToLowerInvariant()));
        TryDelete(Path.Combine(cache, "holon.data.dependencyinjection", Version.ToLowerInvariant()));
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<string> PackageEntries()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public string Nuspec() => Nuspec(PackagePath, "Holon.Data.nuspec");

    public IReadOnlyList<string> DependencyInjectionPackageEntries()
    {
        using var zip = ZipFile.OpenRead(DependencyInjectionPackagePath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public string DependencyInjectionNuspec() => Nuspec(DependencyInjectionPackagePath, "Holon.Data.DependencyInjection.nuspec");

    private static string Nuspec(string package, string entry)
    {
        using var zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Makes <paramref name="dir"/> a consumer folder that sees only this fixture's feed and nuget.org; its empty
    /// Directory.Build files stop MSBuild from looking further up for any the machine may have.
    /// </summary>
    public void WriteIsolatedProjectFiles(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="holon-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
    }

    private void WriteConsumer()
    {
        WriteIsolatedProjectFiles(ConsumerDirectory);
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <!-- The trim and Native AOT analyzers, as in an app that publishes with PublishAot. -->
                <EnableTrimAnalyzer>true</EnableTrimAnalyzer>
                <EnableAotAnalyzer>true</EnableAotAnalyzer>
                <EnableSingleFileAnalyzer>true</EnableSingleFileAnalyzer>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Holon.Data" Version="{Version}" />
                <PackageReference Include="Holon.Data.DependencyInjection" Version="{Version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);

        // Migrations: picked up from the default folder by the package's build props, no item listed by hand.
        Directory.CreateDirectory(Path.Combine(ConsumerDirectory, "Migrations"));
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Migrations", "0001_create_notes.sql"),
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n");
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Migrations", "0002_notes_by_body.sql"),
            "CREATE INDEX notes_by_body ON notes (body);\n");

        var program = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs.txt"));
        ExpectedWarningLine = program.Split('\n').ToList().FindIndex(l => l.Contains("// HOLON100-HERE", StringComparison.Ordinal)) + 1;
        ExpectedTrimWarningLine = program.Split('\n').ToList().FindIndex(l => l.Contains("// IL-HERE", StringComparison.Ordinal)) + 1;
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Program.cs"), program);
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Holon.Gen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Holon.Gen.sln not found above " + AppContext.BaseDirectory);
    }

    internal static async Task<CommandResult> Dotnet(string workingDirectory, CancellationToken token, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] is "build" or "pack")
        {
            // No compiler server or MSBuild nodes left running after the test; plain, parseable output.
            start.ArgumentList.Add("--disable-build-servers");
            start.ArgumentList.Add("-clp:NoSummary");
        }

        // The test host may run under `dotnet test`, whose MSBuild settings must not steer these builds.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            // Generous: on a shared 2-core machine under heavy load a cold pack alone has taken over 5 minutes.
            timeout.CancelAfter(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(stdout, stderr);
        return new CommandResult("dotnet " + string.Join(' ', arguments), process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink)
            {
                sink.AppendLine(line);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"{Command} exited {ExitCode}:\n{Output}";
}
