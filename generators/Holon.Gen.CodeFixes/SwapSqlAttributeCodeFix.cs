using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Holon.Gen.Analyzers;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.CodeFixes;

/// <summary>
/// HOLON103/HOLON104: turns [Query] into [Command] and back, keeping how the name was written (alias,
/// qualified, Attribute suffix). Never offered for a [Watch]: a watch re-runs a read, it cannot become a command.
/// Offered only when the method's return type suits the new attribute (see <see cref="ReturnFits"/>), so that
/// the result compiles; the return type is never changed, since its callers would break instead.
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
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
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
            if (renamed is null || !ReturnFits(model, attribute, diagnostic, toCommand, context.CancellationToken))
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

    /// <summary>
    /// Whether the method's return type is one the new attribute accepts (the generator's rules, HOLON007):
    /// a [Query] returns rows, so not <c>void</c>/<c>Task</c>/<c>ValueTask</c>; a [Command] without RETURNING
    /// returns nothing or <c>int</c> (rows affected), with RETURNING also every [Query] shape.
    /// </summary>
    private static bool ReturnFits(SemanticModel model, AttributeSyntax attribute, Diagnostic diagnostic, bool toCommand, CancellationToken cancellationToken)
    {
        var declaration = attribute.Parent?.Parent;
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method)
        {
            return false;
        }

        var (stream, result) = Unwrap(method);
        if (!toCommand)
        {
            return stream || result is not null;
        }

        var sqlNode = attribute.SyntaxTree.GetRoot(cancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (sqlNode is AttributeArgumentSyntax argument)
        {
            sqlNode = argument.Expression;
        }

        if (model.GetConstantValue(sqlNode, cancellationToken) is { HasValue: true, Value: string sql } && SqlAnalysis.Analyze(sql).HasReturning)
        {
            return true;
        }

        return !stream && (result is null || result.SpecialType == SpecialType.System_Int32);
    }

    /// <summary>The result inside <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> (null for void, Task, ValueTask), or a stream's element.</summary>
    private static (bool Stream, ITypeSymbol? Result) Unwrap(IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return (false, null);
        }

        var type = method.ReturnType;
        if (type is INamedTypeSymbol { ContainingNamespace: { } ns } named && ns.ToDisplayString() is "System.Threading.Tasks" or "System.Collections.Generic")
        {
            switch (named.MetadataName)
            {
                case "Task" or "ValueTask" when ns.ToDisplayString() == "System.Threading.Tasks":
                    return (false, null);
                case "Task`1" or "ValueTask`1" when ns.ToDisplayString() == "System.Threading.Tasks":
                    return (false, named.TypeArguments[0]);
                case "IAsyncEnumerable`1" when ns.ToDisplayString() == "System.Collections.Generic":
                    return (true, named.TypeArguments[0]);
            }
        }

        return (false, type);
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
