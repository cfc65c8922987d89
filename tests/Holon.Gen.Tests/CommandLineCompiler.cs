using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Holon.Data;

namespace Holon.Gen.Tests;

/// <summary>
/// Compiles a small project with the SDK's own csc, the generator and the analyzers loaded as a build loads them. Only
/// the command-line compiler applies <c>.editorconfig</c>, <c>.globalconfig</c> and <c>#pragma warning</c> to the
/// diagnostics of generators and analyzers (a GeneratorDriver returns them unfiltered), so severity tests run here.
/// </summary>
internal sealed class CommandLineCompiler : IDisposable
{
    private static readonly Lazy<string> Csc = new(FindCsc);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "holon-csc-" + Guid.NewGuid().ToString("N")[..12]);

    public CommandLineCompiler() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>Writes a file of the project (a source, a migration, an .editorconfig), relative to <see cref="Directory"/>.</summary>
    public string Write(string relativePath, string text)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// Compiles every <c>*.cs</c> file with every <c>Migrations/*.sql</c> as an additional file and the given config files;
    /// schema verification finds the native SQLite this test process ships. Returns the diagnostics csc printed.
    /// </summary>
    public async Task<CompilerRun> CompileAsync(params string[] configFiles)
    {
        var token = TestContext.Current.CancellationToken;
        string bin = AppContext.BaseDirectory;
        var lines = new List<string> { "-nologo", "-nostdlib+", "-target:library", "-nullable:enable", "-langversion:latest",
            "-out:" + Quote(Path.Combine(Directory, "out.dll")) };
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Append(typeof(SqlitePool).Assembly.Location).Append(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location);
        lines.AddRange(references.Select(r => "-reference:" + Quote(r)));
        // As the package ships them: the generator and the SQLite binding beside it (analyzers/dotnet/cs/).
        foreach (var analyzer in new[] { "Holon.Gen.dll", "SQLitePCLRaw.core.dll", "SQLitePCLRaw.provider.e_sqlite3.dll" })
            lines.Add("-analyzer:" + Quote(Path.Combine(bin, analyzer)));
        string global = Write("holon-build.globalconfig",
            "is_global = true\nbuild_property.HolonSqliteNativeDirectory = " + bin + "\nbuild_property.RootNamespace = App\n");
        lines.Add("-analyzerconfig:" + Quote(global));
        lines.AddRange(configFiles.Select(c => "-analyzerconfig:" + Quote(Path.Combine(Directory, c))));
        string migrations = Path.Combine(Directory, "Migrations");
        if (System.IO.Directory.Exists(migrations))
            lines.AddRange(System.IO.Directory.GetFiles(migrations, "*.sql").Order(StringComparer.Ordinal).Select(f => "-additionalfile:" + Quote(f)));
        lines.AddRange(System.IO.Directory.GetFiles(Directory, "*.cs").Order(StringComparer.Ordinal).Select(Quote));
        string rsp = Write("csc.rsp", string.Join('\n', lines));

        var start = new ProcessStartInfo(Path.Combine(DotnetRoot(), "dotnet"))
        {
            WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Csc.Value);
        start.ArgumentList.Add("-noconfig"); // only on the command line: csc ignores it in a response file
        start.ArgumentList.Add("@" + rsp);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(token);
        var stderr = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        string output = await stdout + await stderr;
        return new CompilerRun(process.ExitCode, output);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string Quote(string path) => "\"" + path + "\"";

    private static string DotnetRoot() =>
        // shared/Microsoft.NETCore.App/<version>/ → the dotnet root holding sdk/ and the host.
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    /// <summary>The newest SDK's csc: the compiler a user's <c>dotnet build</c> runs.</summary>
    private static string FindCsc()
    {
        var found = System.IO.Directory.GetDirectories(Path.Combine(DotnetRoot(), "sdk"))
            .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll"))
            .Where(File.Exists)
            .OrderByDescending(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(p))))!
                .Split('-')[0], out var v) ? v : new Version(0, 0))
            .FirstOrDefault();
        Assert.True(found is not null, "no SDK csc.dll under " + DotnetRoot());
        return found!;
    }
}

/// <summary>One csc run: its exit code, its output, and the diagnostics it printed.</summary>
internal sealed record CompilerRun(int ExitCode, string Output)
{
    private static readonly Regex Line = new(@"^(?<file>[^\r\n(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning|info) (?<id>[A-Z]+\d+):",
        RegexOptions.Multiline);

    public IReadOnlyList<(string File, int Line, string Severity, string Id)> Diagnostics =>
        Line.Matches(Output).Select(m => (Path.GetFileName(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value,
            System.Globalization.CultureInfo.InvariantCulture), m.Groups["severity"].Value, m.Groups["id"].Value)).Distinct().ToList();

    /// <summary>"id severity" for every printed diagnostic of <paramref name="id"/>, with its line, sorted.</summary>
    public IEnumerable<string> Of(string id) =>
        Diagnostics.Where(d => d.Id == id).Select(d => d.Severity + "@" + d.Line).Order(StringComparer.Ordinal);

    public override string ToString() => $"csc exited {ExitCode}:\n{Output}";
}
