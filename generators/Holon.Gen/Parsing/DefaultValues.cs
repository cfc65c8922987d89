using System;
using System.Globalization;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Holon.Gen.Parsing;

/// <summary>
/// Spells a member's default (a constructor parameter's <c>= false</c>, an init property's constant initializer) as C#
/// typed like the member, so generated code can use it when the result has no column for the member.
/// </summary>
internal static class DefaultValues
{
    /// <summary>The value as C#, or null for a constant it cannot spell (the member then stays required).</summary>
    public static string? Literal(ScalarType type, object? value)
    {
        if (value is null)
            return type.IsNullable ? type.NullValue : type.IsModelReference ? "null!" : "default(" + type.ModelTypeName + ")";
        if (type.Conversion is not null) return null;
        return Constant(value) is { } constant ? "(" + type.TypeName + ")(" + constant + ")" : null;
    }

    private static string? Constant(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        float f when float.IsNaN(f) => "float.NaN",
        float f when float.IsPositiveInfinity(f) => "float.PositiveInfinity",
        float f when float.IsNegativeInfinity(f) => "float.NegativeInfinity",
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
        double d when double.IsNaN(d) => "double.NaN",
        double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
        double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
