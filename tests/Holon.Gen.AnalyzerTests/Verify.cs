using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

/// <summary>
/// Test setup shared by every rule: reference assemblies from the installed SDK's targeting pack
/// (nothing is downloaded), plus Microsoft.Data.Sqlite and the Holon.Data runtime.
/// </summary>
internal static class TestSetup
{
    private static readonly Lazy<MetadataReference[]> Framework = new(LoadFramework);

    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    public static void Configure(SolutionState state)
    {
        AddFramework(state);
        state.AdditionalReferences.Add(HolonData.Location);
    }

    /// <summary>
    /// Roslyn 4.11 (the version the analyzers build against) has params collections only as a preview
    /// feature, and the runtime's <c>Execute(string, params ReadOnlySpan&lt;object?&gt;)</c> needs them.
    /// </summary>
    public static void UsePreviewLanguage(AnalyzerTest<DefaultVerifier> test) =>
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, options.WithLanguageVersion(LanguageVersion.Preview));
        });

    /// <summary>The framework and Microsoft.Data.Sqlite, without Holon.Data.</summary>
    public static void AddFramework(SolutionState state)
    {
        state.AdditionalReferences.AddRange(Framework.Value);
        state.AdditionalReferences.Add(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location);
    }

    private static MetadataReference[] LoadFramework()
    {
        // .../dotnet/shared/Microsoft.NETCore.App/<v>/System.Private.CoreLib.dll → .../dotnet/packs/Microsoft.NETCore.App.Ref/<v>/ref/net10.0
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var runtimeVersion = Environment.Version.ToString();
        var pack = Directory.Exists(Path.Combine(packs, runtimeVersion))
            ? Path.Combine(packs, runtimeVersion)
            : Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith("10.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Last();
        return Directory.GetFiles(Path.Combine(pack, "ref", "net10.0"), "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    }

    /// <summary>The runtime assembly, whose public surface the analyzers match by name.</summary>
    private static System.Reflection.Assembly HolonData => typeof(Holon.Data.SqlitePool).Assembly;
}

/// <summary>Runs one analyzer over markup source.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, null, expected);

    public static Task VerifyAsync(string source, Action<CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>>? configure, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestSetup.ReferenceAssemblies,
        };
        TestSetup.Configure(test.TestState);
        TestSetup.UsePreviewLanguage(test);
        test.ExpectedDiagnostics.AddRange(expected);
        configure?.Invoke(test);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>Runs one analyzer and its code fix over markup source.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource, Action<CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>>? configure = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestSetup.ReferenceAssemblies,
        };
        TestSetup.Configure(test.TestState);
        TestSetup.Configure(test.FixedState);
        TestSetup.UsePreviewLanguage(test);
        configure?.Invoke(test);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>
/// Runs one analyzer and its code fix with the Holon generator running, so that both the test code and the fixed
/// code are compiled with their generated bodies: every compiler and generator diagnostic (CS…, HOLON0xx), warnings
/// included, must be listed in the markup. A fix whose result does not compile fails the test.
/// </summary>
internal static class CompilingCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestSetup.ReferenceAssemblies,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        };
        TestSetup.Configure(test.TestState);
        TestSetup.Configure(test.FixedState);
        TestSetup.UsePreviewLanguage(test);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    private sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(Holon.Gen.HolonGenerator)];
    }
}
