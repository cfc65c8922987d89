namespace Holon.Gen.PackageTests;

/// <summary>
/// <c>dotnet format analyzers</c> applies the package's code fixes as the IDE's "fix all" does: HOLON100 (a raw
/// connection block rents the writer) and HOLON103 ([Query] that writes becomes [Command]); the result builds clean.
/// </summary>
[Collection(nameof(ConsumerPackageCollection))]
public sealed class FormatPackageTests(PackageFixture package)
{
    private const string Store = """
        using Holon.Data;
        using Microsoft.Data.Sqlite;

        await using var pool = new SqlitePool("Data Source=notes.db");
        System.Console.WriteLine(new NoteStore(pool).Count());

        public sealed partial class NoteStore(SqlitePool pool)
        {
            [Query("INSERT INTO notes (title) VALUES (@title)")]
            public partial int Add(string title);

            public long Count()
            {
                using (var connection = new SqliteConnection("Data Source=notes.db"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM notes";
                    return (long)command.ExecuteScalar()!;
                }
            }
        }
        """;

    [Fact]
    public async Task Dotnet_format_applies_the_HOLON100_and_HOLON103_fixes_and_the_result_builds()
    {
        Assert.True(package.Pack is { ExitCode: 0 }, package.LastStep);
        var token = TestContext.Current.CancellationToken;
        string dir = Path.Combine(package.Root, "format-consumer");
        Directory.CreateDirectory(Path.Combine(dir, "Migrations"));
        package.WriteIsolatedProjectFiles(dir);
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
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Migrations", "0001_notes.sql"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n");
        string program = Path.Combine(dir, "Program.cs");
        File.WriteAllText(program, Store);

        var restore = await PackageFixture.Dotnet(dir, token, "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var format = await PackageFixture.Dotnet(dir, token, "format", "analyzers", "--no-restore", "--diagnostics", "HOLON100", "HOLON103",
            "--verbosity", "detailed");
        Assert.True(format.ExitCode == 0, format.ToString());

        string formatted = File.ReadAllText(program);
        Assert.True(formatted.Contains("[Command(\"INSERT INTO notes (title) VALUES (@title)\")]", StringComparison.Ordinal), format + formatted);
        Assert.True(formatted.Contains("using (var lease = pool.RentWriter())", StringComparison.Ordinal), format + formatted);
        Assert.True(formatted.Contains("var connection = lease.Connection;", StringComparison.Ordinal), format + formatted);
        Assert.DoesNotContain("new SqliteConnection", formatted);

        var build = await PackageFixture.Dotnet(dir, token, "build", "-c", "Release", "--no-restore");
        Assert.True(build.ExitCode == 0, build + formatted);
        Assert.False(build.Output.Contains("HOLON", StringComparison.Ordinal), build + formatted);
    }
}
