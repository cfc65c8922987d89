using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.Parsing;

/// <summary>How parsed names and modifiers are spelled in generated source.</summary>
internal static class Names
{
    /// <summary>Escapes C# keywords used as identifiers.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    public static string Modifiers(MethodDeclarationSyntax syntax) => string.Join(" ", syntax.Modifiers
        .Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword))
        .Select(m => m.Text));

    public static string ParameterPrefix(IParameterSymbol p) => p.IsParams ? "params " : p.RefKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => "",
    };

    /// <summary>
    /// Orders methods in source order: the file, then the node's path of child indices from the root. Unlike a text
    /// offset, the path survives edits above the method (comments, other bodies), so such edits leave the model equal.
    /// </summary>
    public static string SortKey(SyntaxNode node)
    {
        var path = new List<string>();
        for (var n = node; n.Parent is { } parent; n = parent)
        {
            int index = 0;
            foreach (var child in parent.ChildNodes())
            {
                if (child == n) break;
                index++;
            }
            path.Add(index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        }
        path.Reverse();
        return node.SyntaxTree.FilePath + "|" + string.Join(".", path);
    }
}
