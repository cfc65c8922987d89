using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Holon.Gen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.CodeFixes;

/// <summary>
/// HOLON103/HOLON104: turns [Query] into [Command] and back, keeping how the name was written (alias,
/// qualified, Attribute suffix). Never offered for a [Watch]: a watch re-runs a read, it cannot become a command.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwapSqlAttributeCodeFix)), Shared]
public sealed class SwapSqlAttributeCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("HOLON103", "HOLON104");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var attribute = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();
            if (attribute is null)
            {
                continue;
            }

            var toCommand = diagnostic.Id == "HOLON103";
            var (from, to) = toCommand ? ("Query", "Command") : ("Command", "Query");

            // The attribute the analyzer resolved, not its spelling: an alias may spell a [Watch] as "Query".
            if (!diagnostic.Properties.TryGetValue(SqlAttributeAnalyzer.AttributeProperty, out var attributeKind) || attributeKind != from)
            {
                continue;
            }
            var renamed = Rename(attribute.Name, from, to);
            if (renamed is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use [" + to + "]",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute.Name, renamed))),
                    equivalenceKey: "Holon.Use" + to),
                diagnostic);
        }
    }

    private static NameSyntax? Rename(NameSyntax name, string from, string to) => name switch
    {
        IdentifierNameSyntax identifier => RenameIdentifier(identifier, from, to),
        QualifiedNameSyntax qualified when RenameIdentifier(qualified.Right, from, to) is { } right => qualified.WithRight(right),
        AliasQualifiedNameSyntax alias when RenameIdentifier(alias.Name, from, to) is IdentifierNameSyntax right => alias.WithName(right),
        _ => null,
    };

    private static SimpleNameSyntax? RenameIdentifier(SimpleNameSyntax name, string from, string to)
    {
        var text = name.Identifier.ValueText;
        string? replacement = text == from ? to : text == from + "Attribute" ? to + "Attribute" : null;
        return replacement is null || name is not IdentifierNameSyntax
            ? null
            : name.WithIdentifier(SyntaxFactory.Identifier(replacement).WithTriviaFrom(name.Identifier));
    }
}
