using System.Threading;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

/// <summary>Turns one attributed partial method into an equatable <see cref="MethodModel"/> plus diagnostics.</summary>
internal static class Parser
{
    public static MethodResult Parse(GeneratorAttributeSyntaxContext context, SqlKind kind, CancellationToken cancellationToken) =>
        new MethodParser(context, kind, cancellationToken).Parse();
}
