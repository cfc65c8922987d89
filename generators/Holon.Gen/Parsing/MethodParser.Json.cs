using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>
    /// Reports what is wrong with the [SqlJson] behind a JSON mapping (at the attribute, once however many methods use
    /// it: the diagnostics are the same and are reported distinct), and passes the mapping on.
    /// </summary>
    private ScalarType? CheckJson(ScalarType? scalar, ITypeSymbol type, ISymbol? declaredOn)
    {
        if (scalar?.Conversion is { Kind: ConversionKind.Json })
            _diagnostics.AddRange(JsonColumnParser.Check(type, declaredOn));
        return scalar;
    }
}
