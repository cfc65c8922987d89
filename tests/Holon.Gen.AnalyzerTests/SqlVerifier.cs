using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Holon.Gen.AnalyzerTests;

/// <summary>The generator is not part of these tests, so the partial methods stay without implementation (CS8795).</summary>
internal static class SqlVerifier
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<Holon.Gen.Analyzers.SqlAttributeAnalyzer>.VerifyAsync(source, test => test.CompilerDiagnostics = CompilerDiagnostics.None, expected);
}
