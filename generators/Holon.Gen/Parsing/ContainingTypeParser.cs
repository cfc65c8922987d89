using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Analyzers;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.Parsing;

/// <summary>The type holding a method: its declarations, names, file name, and whether it is partial all the way out.</summary>
internal static class ContainingTypeParser
{
    public static TypeModel Parse(INamedTypeSymbol type, MethodDeclarationSyntax method, out TypeDeclarationSyntax? notPartial)
    {
        notPartial = null;
        for (var node = method.Parent as TypeDeclarationSyntax; node is not null; node = node.Parent as TypeDeclarationSyntax)
        {
            if (!node.Modifiers.Any(SyntaxKind.PartialKeyword)) notPartial = node;
        }

        var containers = new List<ContainerModel>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            string keyword = t.IsRecord
                ? (t.IsValueType ? "record struct" : "record")
                : t.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
            string name = Names.Identifier(t.Name);
            if (t.TypeParameters.Length > 0) name += "<" + string.Join(", ", t.TypeParameters.Select(p => Names.Identifier(p.Name))) + ">";
            containers.Insert(0, new ContainerModel(keyword, name));
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        string fullName = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
        // Nested types are joined with '+', which no namespace or type name contains, so "A.B+C" (C nested in B) and
        // "A.B.C" (C in namespace A.B) stay apart. The identity keeps the arity (B`1); the file name spells it B_1.
        string nested = string.Join("+", Containing(type).Select(t => t.MetadataName));
        string identity = ns is null ? nested : ns + "." + nested;
        string hint = HintName(identity);
        var (route, detail) = Catalog(type);
        return new TypeModel(ns, containers.ToEquatableArray(), fullName, identity, hint, notPartial is null, BaseHasStatements(type), route, detail);
    }

    /// <summary>How HolonCatalog (in the project's namespace) can reach this type's HolonStatements, or why it cannot.</summary>
    private static (CatalogRoute Route, string Detail) Catalog(INamedTypeSymbol type)
    {
        var chain = Containing(type).ToList();
        if (chain.Any(t => t.TypeParameters.Length > 0))
            return (CatalogRoute.Skipped, "generic; list each closed type's HolonStatements yourself");
        if (chain[0].IsFileLocal) return (CatalogRoute.Skipped, "file-local");
        static bool Open(INamedTypeSymbol t) => t.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;
        if (chain.All(Open)) return (CatalogRoute.Direct, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        // The outermost type can name a private child (and its open descendants), so it forwards the list.
        if (Open(chain[0]) && chain.Skip(2).All(Open))
            return (CatalogRoute.Forward, string.Join(".", chain.Skip(1).Select(t => Names.Identifier(t.Name))));
        return (CatalogRoute.Skipped, "nested inside a private or protected type that its outermost type cannot name");
    }

    /// <summary>
    /// The file name for a type: only letters, digits and <c>_ . + -</c>, so no metadata name (a file-local type's
    /// <c>&lt;File&gt;F1__Store</c>, a generic's <c>B`1</c>) can make AddSource throw and stop every other type's file.
    /// </summary>
    public static string HintName(string identity)
    {
        var chars = identity.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '+' or '-';
            if (!ok) chars[i] = '_';
        }
        return new string(chars);
    }

    /// <summary>The outermost file-local type holding <paramref name="type"/> (or the type itself), if any.</summary>
    public static TypeDeclarationSyntax? FileLocal(INamedTypeSymbol type, MethodDeclarationSyntax method)
    {
        TypeDeclarationSyntax? found = null;
        for (var node = method.Parent as TypeDeclarationSyntax; node is not null; node = node.Parent as TypeDeclarationSyntax)
        {
            if (node.Modifiers.Any(SyntaxKind.FileKeyword)) found = node;
        }
        return found;
    }

    /// <summary>A base type that declares HolonStatements, or will get it generated, is hidden with 'new'.</summary>
    private static bool BaseHasStatements(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.Name == "HolonStatements") return true;
                if (member is IMethodSymbol && HolonAttributes.AnyOn(member)) return true;
            }
        }
        return false;
    }

    private static IEnumerable<INamedTypeSymbol> Containing(INamedTypeSymbol type)
    {
        var list = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.ContainingType) list.Insert(0, t);
        return list;
    }
}
