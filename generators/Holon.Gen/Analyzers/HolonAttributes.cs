using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Analyzers;

/// <summary>
/// The one place that decides whether an attribute is a Holon SQL attribute, and which: the generator's pipelines,
/// its parser and the analyzers all ask here. Matched by metadata name (<see cref="KnownNames"/>), so nothing needs
/// the runtime assembly loaded.
/// </summary>
internal static class HolonAttributes
{
    /// <summary>The attribute's metadata name, for <c>ForAttributeWithMetadataName</c> and <c>GetTypeByMetadataName</c>.</summary>
    public static string MetadataName(SqlKind kind) => kind switch
    {
        SqlKind.Query => KnownNames.QueryAttribute,
        SqlKind.Command => KnownNames.CommandAttribute,
        _ => KnownNames.WatchAttribute,
    };

    /// <summary>Which Holon attribute <paramref name="attribute"/> is, or null for any other attribute.</summary>
    public static SqlKind? KindOf(INamedTypeSymbol? attribute)
    {
        if (attribute is not { ContainingType: null, ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "Holon" } ns } }
            || !ns.ContainingNamespace.IsGlobalNamespace)
        {
            return null;
        }
        string name = KnownNames.RuntimeAssembly + "." + attribute.Name;
        if (name == KnownNames.QueryAttribute) return SqlKind.Query;
        if (name == KnownNames.CommandAttribute) return SqlKind.Command;
        if (name == KnownNames.WatchAttribute) return SqlKind.Watch;
        return null;
    }

    /// <summary>True when <paramref name="symbol"/> carries any Holon SQL attribute.</summary>
    public static bool AnyOn(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (KindOf(attribute.AttributeClass) is not null) return true;
        }
        return false;
    }
}
