using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.CodeFixes;

/// <summary>
/// HOLON102: declares the rented lease with <c>using</c> (or <c>await using</c> when it was awaited) and
/// drops the explicit Dispose calls that the declaration makes redundant. Offered only for a local
/// declaration in a block that is never reassigned.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseLeaseDisposalCodeFix)), Shared]
public sealed class UseLeaseDisposalCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("HOLON102");

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
            var rented = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (rented.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ||
                declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } ||
                declarator.Parent.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } statement ||
                statement.Parent is not BlockSyntax block ||
                IsWrittenAgain(block, declarator))
            {
                continue;
            }

            var isAwait = rented is AwaitExpressionSyntax;
            context.RegisterCodeFix(
                CodeAction.Create(
                    isAwait ? "Declare with 'await using'" : "Declare with 'using'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(block, Fix(block, statement, declarator, isAwait)))),
                    equivalenceKey: "Holon.UsingLease"),
                diagnostic);
        }
    }

    private static BlockSyntax Fix(BlockSyntax block, LocalDeclarationStatementSyntax statement, VariableDeclaratorSyntax declarator, bool isAwait)
    {
        var name = declarator.Identifier.ValueText;
        var redundant = block.Statements.Where(s => IsDisposeOf(s, name)).ToList();
        var tracked = block.TrackNodes(redundant.Cast<SyntaxNode>().Append(statement));

        var leading = statement.GetLeadingTrivia();
        var usingKeyword = SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        var updated = statement.WithoutLeadingTrivia();
        if (isAwait)
        {
            updated = updated
                .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space))
                .WithUsingKeyword(usingKeyword);
        }
        else
        {
            updated = updated.WithUsingKeyword(usingKeyword.WithLeadingTrivia(leading));
        }

        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(statement)!, updated);
        foreach (var dispose in redundant)
        {
            tracked = tracked.RemoveNode(tracked.GetCurrentNode(dispose)!, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        return tracked;
    }

    /// <summary><c>lease.Dispose();</c> or <c>await lease.DisposeAsync();</c> as a statement of the same block.</summary>
    private static bool IsDisposeOf(StatementSyntax statement, string name)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return false;
        }

        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        return expression is InvocationExpressionSyntax
        {
            ArgumentList.Arguments.Count: 0,
            Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: "Dispose" or "DisposeAsync" },
        } && target.Identifier.ValueText == name;
    }

    /// <summary>A using-declared local is read-only: no fix when the code assigns it or passes it by ref/out.</summary>
    private static bool IsWrittenAgain(BlockSyntax block, VariableDeclaratorSyntax declarator)
    {
        var name = declarator.Identifier.ValueText;
        foreach (var identifier in block.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != name)
            {
                continue;
            }

            if ((identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier) ||
                (identifier.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None)) ||
                identifier.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
