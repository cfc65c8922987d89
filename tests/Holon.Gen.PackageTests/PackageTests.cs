using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Holon.Gen.PackageTests;

/// <summary>The Holon.Data package as a user gets it: packed, restored from a folder feed, built and run.</summary>
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void Package_holds_runtime_generator_analyzers_and_code_fixes_and_no_roslyn_dependency()
    {
        Assert.True(package.Pack is { ExitCode: 0 }, package.LastStep);
        var entries = package.PackageEntries();
        Assert.Contains("lib/net10.0/Holon.Data.dll", entries);
        Assert.Contains("lib/net10.0/Holon.Data.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/Holon.Gen.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Holon.Gen.CodeFixes.dll", entries);
        Assert.Contains("build/Holon.Data.props", entries);
        Assert.Contains("build/Holon.Data.targets", entries);
        Assert.Contains("buildTransitive/Holon.Data.props", entries);
        Assert.Contains("buildTransitive/Holon.Data.targets", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Holon.Gen", StringComparison.Ordinal));

        var nuspec = package.Nuspec();
        Assert.Contains("<id>Holon.Data</id>", nuspec);
        Assert.Contains("id=\"Microsoft.Data.Sqlite\"", nuspec);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", nuspec);
    }

    [Fact]
    public void Consumer_restores_without_roslyn_in_its_references()
    {
        var build = package.Build;
        Assert.True(build is { ExitCode: 0 }, package.LastStep);
        var assets = File.ReadAllText(Path.Combine(package.ConsumerDirectory, "obj", "project.assets.json"));
        Assert.Contains($"Holon.Data/{package.Version}", assets);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", assets);
    }

    [Fact]
    public void Generator_analyzers_and_code_fixes_load_in_the_compiler_without_warnings()
    {
        var build = package.Build;
        Assert.True(build is { ExitCode: 0 }, package.LastStep);
        // CS8032: analyzer could not be created; CS8784/CS8785: generator failed; AD0001: analyzer threw.
        Assert.DoesNotMatch(@"\b(CS8032|CS8784|CS8785|AD0001)\b", build.Output);
        // Only the deliberate HOLON100 line warns: the generated code and the rest of the consumer are clean.
        var otherWarnings = build.Output.Split('\n')
            .Where(line => line.Contains(": warning ", StringComparison.Ordinal) && !line.Contains("warning HOLON100", StringComparison.Ordinal))
            .Where(line => !line.Contains($"Program.cs({package.ExpectedTrimWarningLine},", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(otherWarnings);
    }

    [Fact]
    public void Generated_methods_work_against_a_real_sqlite_file()
    {
        var run = package.Run;
        Assert.True(run is { ExitCode: 0 }, package.LastStep);
        Assert.Contains("notes=1:hello,2:world", run.Output);
        Assert.Contains("count=2", run.Output);

        // Read the file the consumer wrote with plain Microsoft.Data.Sqlite.
        using var connection = new SqliteConnection($"Data Source={package.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(body, '|') FROM (SELECT body FROM notes ORDER BY id)";
        Assert.Equal("hello|world", command.ExecuteScalar());
    }

    [Fact]
    public void Consumer_gets_HolonMigrations_from_its_Migrations_folder_and_the_pool_applies_them()
    {
        var run = package.Run;
        Assert.True(run is { ExitCode: 0 }, package.LastStep);
        Assert.Contains("migrations=1:create_notes,2:notes_by_body", run.Output);
        Assert.Contains("version=2", run.Output);

        using var connection = new SqliteConnection($"Data Source={package.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(version || ':' || name, ',') FROM (SELECT version, name FROM holon_migrations ORDER BY version)";
        Assert.Equal("1:create_notes,2:notes_by_body", command.ExecuteScalar());
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'notes_by_body'";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void New_SqliteConnection_in_the_consumer_is_a_HOLON100_warning_on_its_line()
    {
        var build = package.Build;
        Assert.True(build is { ExitCode: 0 }, package.LastStep);
        var warnings = Regex.Matches(build.Output, @"Program\.cs\((\d+),(\d+)\): warning HOLON100:")
            .Select(m => int.Parse(m.Groups[1].Value))
            .Distinct()
            .ToList();
        Assert.Equal([package.ExpectedWarningLine], warnings);
    }

    [Fact]
    public void Editorconfig_severity_error_fails_the_build()
    {
        var build = package.BuildWithErrorSeverity;
        Assert.True(build is not null, package.LastStep);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches($@"Program\.cs\({package.ExpectedWarningLine},\d+\): error HOLON100:", build.Output);
    }

    [Fact]
    public void DependencyInjection_package_holds_its_library_and_depends_on_the_same_Holon_Data()
    {
        Assert.True(package.PackDependencyInjection is { ExitCode: 0 }, package.LastStep);
        var entries = package.DependencyInjectionPackageEntries();
        Assert.Contains("lib/net10.0/Holon.Data.DependencyInjection.dll", entries);
        Assert.Contains("lib/net10.0/Holon.Data.DependencyInjection.xml", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        var nuspec = package.DependencyInjectionNuspec();
        Assert.Contains($"id=\"Holon.Data\" version=\"{package.Version}\"", nuspec);
        Assert.Contains("id=\"Microsoft.Extensions.DependencyInjection.Abstractions\"", nuspec);
        Assert.Contains("id=\"Microsoft.Extensions.Diagnostics.HealthChecks\"", nuspec);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", nuspec);
    }

    [Fact]
    public async Task Each_package_carries_its_own_readme()
    {
        Assert.True(package.PackDependencyInjection is { ExitCode: 0 }, package.LastStep);
        string repo = PackageFixture.FindRepositoryRoot();
        // Holon.Data.Npgsql is not needed by the consumer: packed here, for its readme only.
        var packNpgsql = await PackageFixture.Dotnet(repo, TestContext.Current.CancellationToken, "pack",
            Path.Combine(repo, "src", "Holon.Data.Npgsql", "Holon.Data.Npgsql.csproj"), "-c", "Release", "-o", package.Feed,
            "--artifacts-path", Path.Combine(package.Root, "artifacts-npgsql"), $"-p:Version={package.Version}");
        Assert.True(packNpgsql.ExitCode == 0, packNpgsql.ToString());

        foreach (var (id, project) in new[] { ("Holon.Data", "Holon.Data"), ("Holon.Data.DependencyInjection", "Holon.Data.DependencyInjection"),
                     ("Holon.Data.Npgsql", "Holon.Data.Npgsql") })
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(package.Feed, $"{id}.{package.Version}.nupkg"));
            using (var nuspec = new StreamReader(zip.GetEntry(id + ".nuspec")!.Open()))
                Assert.Contains("<readme>README.md</readme>", nuspec.ReadToEnd());
            var readme = zip.GetEntry("README.md");
            Assert.True(readme is not null, id + " has no README.md");
            using var text = new StreamReader(readme.Open());
            Assert.Equal(File.ReadAllText(Path.Combine(repo, "src", project, "PACKAGE.md")), text.ReadToEnd());
        }
    }

    [Fact]
    public void A_generic_host_resolves_generated_stores_and_runs_the_health_check()
    {
        var run = package.Run;
        Assert.True(run is { ExitCode: 0 }, package.LastStep);
        Assert.Contains("host-count=2", run.Output);
        Assert.Contains("keyed-count=2", run.Output); // [FromKeyedServices("notes")] in the primary constructor
        Assert.Contains("health=Healthy;ConnectionsInUse=0;LeaseWaits=0", run.Output);
        Assert.Contains("pool-disposed-by-host=True", run.Output);
    }

    [Fact]
    public void Trim_and_AOT_analyzers_run_and_warn_only_on_the_consumers_deliberate_line()
    {
        var build = package.Build;
        Assert.True(build is { ExitCode: 0 }, package.LastStep);
        var warnings = Regex.Matches(build.Output, @"(?<file>[^\s:]+)\((?<line>\d+),\d+\): warning (?<id>IL\d{4}):")
            .Select(m => (File: Path.GetFileName(m.Groups["file"].Value), Line: int.Parse(m.Groups["line"].Value), Id: m.Groups["id"].Value))
            .Distinct()
            .ToList();
        // The deliberate MakeGenericType proves the analyzers are on (IL3050: needs dynamic code); every other line,
        // the generated stores and the DI registrations included, is trim- and AOT-safe.
        Assert.Contains(("Program.cs", package.ExpectedTrimWarningLine, "IL3050"), warnings);
        Assert.All(warnings, w => Assert.Equal(("Program.cs", package.ExpectedTrimWarningLine), (w.File, w.Line)));
    }
}
