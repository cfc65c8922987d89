namespace Holon.Gen.Tests;

/// <summary>
/// Every HOLON id obeys the user's severities and suppressions as csc applies them: the generator's (HOLON0xx), the
/// analyzers' (HOLON1xx) and schema verification's (HOLON2xx), set in a real <c>.editorconfig</c> or silenced by
/// <c>#pragma warning disable</c> around one method or <c>[SuppressMessage]</c> on it; HOLON205, which points into a <c>.sql</c> file, by a <c>.globalconfig</c>.
/// </summary>
public sealed class SeverityTests
{
    // One of each: a generator error (HOLON002) and warning (HOLON016), an analyzer error (HOLON103) and warning (HOLON100),
    // a schema error (HOLON200) and warning (HOLON202). Each marked line is where its diagnostic must be.
    private const string Source = """
        using System.Collections.Generic;
        using Holon.Data;
        namespace App;

        public sealed class Note
        {
            public long Id { get; private set; } // HOLON016
            public string Title { get; set; } = "";
        }

        public sealed partial class Store(SqlitePool pool)
        {
            [Query("SELECT id, title FROM notes")]
            public int NotPartial() => 1; // HOLON002

            [Query("SELECT title FROM notes")]
            public partial List<Note> All();

            [Query("SELECT titel FROM notes")] // HOLON200
            public partial List<string> Broken();

            [Query("SELECT title, 1 AS extra FROM notes")] // HOLON202
            public partial List<Note> Extra();

            [Query("INSERT INTO notes (title) VALUES ('x') RETURNING id")] // HOLON103
            public partial long Writes();

        #pragma warning disable HOLON200, HOLON002, HOLON100
            [Query("SELECT titel FROM notes")]
            public partial List<string> SuppressedBroken();

            [Query("SELECT id FROM notes")]
            public int SuppressedNotPartial() => 2;

            public static void SuppressedDirect() => new Microsoft.Data.Sqlite.SqliteConnection("Data Source=y.db").Dispose();
        #pragma warning restore HOLON200, HOLON002, HOLON100

            [System.Diagnostics.CodeAnalysis.SuppressMessage("Holon.Schema", "HOLON200", Justification = "checked at run time")]
            [Query("SELECT titel FROM notes")]
            public partial List<string> SuppressedByAttribute();

            [System.Diagnostics.CodeAnalysis.SuppressMessage("Holon.Generator", "HOLON002", Justification = "hand-written")]
            [Query("SELECT id FROM notes")]
            public int SuppressedByAttributeNotPartial() => 3;

            public static void Direct() => new Microsoft.Data.Sqlite.SqliteConnection("Data Source=x.db").Dispose(); // HOLON100

            public SqlitePool Pool => pool;
        }
        """;

    private const string Schema = "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n";

    private static int LineOf(string marker) =>
        Source.Split('\n').ToList().FindIndex(l => l.EndsWith("// " + marker, StringComparison.Ordinal)) + 1;

    private static async Task<CompilerRun> Compile(string? editorconfig)
    {
        using var csc = new CommandLineCompiler();
        csc.Write("Store.cs", Source);
        csc.Write("Migrations/0001_notes.sql", Schema);
        if (editorconfig is null) return await csc.CompileAsync();
        csc.Write(".editorconfig", editorconfig);
        return await csc.CompileAsync(".editorconfig");
    }

    [Fact]
    public async Task Defaults_apply_and_a_pragma_or_SuppressMessage_silences_only_the_method_it_marks()
    {
        var run = await Compile(editorconfig: null);

        Assert.True(run.Of("HOLON002").SequenceEqual(["error@" + LineOf("HOLON002")]), run.ToString());
        Assert.True(run.Of("HOLON016").SequenceEqual(["warning@" + LineOf("HOLON016")]), run.ToString());
        Assert.True(run.Of("HOLON100").SequenceEqual(["warning@" + LineOf("HOLON100")]), run.ToString());
        Assert.True(run.Of("HOLON103").SequenceEqual(["error@" + LineOf("HOLON103")]), run.ToString());
        Assert.True(run.Of("HOLON200").SequenceEqual(["error@" + LineOf("HOLON200")]), run.ToString());
        Assert.True(run.Of("HOLON202").SequenceEqual(["warning@" + LineOf("HOLON202")]), run.ToString());
    }

    [Fact]
    public async Task An_editorconfig_turns_errors_into_warnings_and_warnings_off_for_every_category()
    {
        var run = await Compile("""
            root = true

            [*.cs]
            dotnet_diagnostic.HOLON002.severity = warning
            dotnet_diagnostic.HOLON016.severity = none
            dotnet_diagnostic.HOLON103.severity = warning
            dotnet_diagnostic.HOLON100.severity = none
            dotnet_diagnostic.HOLON200.severity = warning
            dotnet_diagnostic.HOLON202.severity = none
            """);

        Assert.True(run.Of("HOLON002").SequenceEqual(["warning@" + LineOf("HOLON002")]), run.ToString());
        Assert.True(run.Of("HOLON103").SequenceEqual(["warning@" + LineOf("HOLON103")]), run.ToString());
        Assert.True(run.Of("HOLON200").SequenceEqual(["warning@" + LineOf("HOLON200")]), run.ToString());
        Assert.Empty(run.Of("HOLON016"));
        Assert.Empty(run.Of("HOLON100"));
        Assert.Empty(run.Of("HOLON202"));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task HOLON205_in_a_sql_file_takes_its_severity_from_a_globalconfig_not_an_editorconfig_section()
    {
        using var csc = new CommandLineCompiler();
        csc.Write("Store.cs", """
            using Holon.Data;
            namespace App;
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT count(*) FROM notes")]
                public partial long Count();
            }
            """);
        csc.Write("Migrations/0001_notes.sql", Schema);
        csc.Write("Migrations/0002_broken.sql", "CREATE TABLE broken (;\n");
        // The compiler reads a [*.sql] section only for analyzers that ask for an additional file's options; it applies
        // severities per syntax tree, and a .sql file is none. A global config applies to every location.
        csc.Write(".editorconfig", "root = true\n\n[*.sql]\ndotnet_diagnostic.HOLON205.severity = warning\n");
        csc.Write("holon.globalconfig", "is_global = true\ndotnet_diagnostic.HOLON205.severity = warning\n");

        var section = await csc.CompileAsync(".editorconfig");
        var global = await csc.CompileAsync("holon.globalconfig");

        Assert.True(section.Diagnostics.Contains(("0002_broken.sql", 1, "error", "HOLON205")), section.ToString());
        Assert.True(global.Diagnostics.Contains(("0002_broken.sql", 1, "warning", "HOLON205")), global.ToString());
        Assert.True(global.ExitCode == 0, global.ToString());
    }
}
