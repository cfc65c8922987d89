using System.Collections.Immutable;
using Holon.Gen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Tests;

/// <summary>
/// A [Command] stream with an [EnumeratorCancellation] token gets a body that is no iterator, so the
/// compiler warns CS8424 on the token; the suppressor silences exactly that, and nothing on other methods.
/// </summary>
public sealed class EnumeratorCancellationSuppressorTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using Holon.Data;

        namespace App;

        public sealed partial class Notes(SqlitePool pool)
        {
            [Command("INSERT INTO notes (title) VALUES (@title) RETURNING id")]
            public partial IAsyncEnumerable<long> InsertStream(string title, [EnumeratorCancellation] CancellationToken ct);

            [Query("SELECT id FROM notes")]
            public partial IAsyncEnumerable<long> Ids([EnumeratorCancellation] CancellationToken ct);
        }

        public static class Hand
        {
            // Not generated: the warning stays.
            public static IAsyncEnumerable<long> Plain([EnumeratorCancellation] CancellationToken ct) => null!;
        }
        """;

    private static string LineOf(Diagnostic d) =>
        d.Location.SourceTree!.GetText(TestContext.Current.CancellationToken).Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString();

    [Fact]
    public async Task CS8424_is_suppressed_only_on_the_generated_writer_stream()
    {
        var run = GeneratorHarness.Generate(Source);
        var generated = string.Join("\n", run.Result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("public partial global::System.Collections.Generic.IAsyncEnumerable<long> InsertStream(", generated);
        Assert.Contains("public async partial global::System.Collections.Generic.IAsyncEnumerable<long> Ids(", generated);

        var raw = GeneratorHarness.CompileProblems(run.Output).Where(d => d.Id == "CS8424").ToList();
        Assert.Equal(2, raw.Count); // InsertStream's token and Hand.Plain's; Ids is an iterator

        var withSuppressor = run.Output.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new EnumeratorCancellationSuppressor()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: true));
        var all = await withSuppressor.GetAllDiagnosticsAsync(TestContext.Current.CancellationToken);
        var cs8424 = all.Where(d => d.Id == "CS8424").ToList();
        Assert.Equal(2, cs8424.Count);
        var suppressed = Assert.Single(cs8424, d => d.IsSuppressed);
        Assert.Contains("InsertStream", LineOf(suppressed));
        Assert.Contains("Plain", LineOf(Assert.Single(cs8424, d => !d.IsSuppressed)));
    }
}
