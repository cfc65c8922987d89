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
/// HOLON100: when a <c>SqlitePool</c> is in scope (local, parameter, field or property), rewrites
/// <code>
/// using var c = new SqliteConnection(cs);
/// c.Open();
/// </code>
/// into
/// <code>
/// using var lease = pool.RentWriter();
/// var c = lease.Connection;
/// </code>
/// (<c>await using … await pool.RentWriterAsync(ct)</c> when the connection was opened with
/// <c>await c.OpenAsync(ct)</c>). The first fix rents the writer, which is right whatever the block
/// does; a second one rents a reader for read-only blocks. The original connection string is dropped:
/// the rewritten code uses the pool's database, and the titles say so. No fix is offered
/// for other shapes, or when the block opens, closes or disposes the connection itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RentLeaseCodeFix)), Shared]
public sealed class RentLeaseCodeFix : CodeFixProvider
{
    private const string PoolType = Holon.Gen.Analyzers.KnownNames.SqlitePool;
    private const string SqliteConnectionType = "Microsoft.Data.Sqlite.SqliteConnection";
    /// <summary>The writer first: it is always correct, a reader only for read-only work.</summary>
    private static readonly string[] Sides = { "Writer", "Reader" };
    private static readonly string[] ConnectionLifetimeMethods = { "Open", "OpenAsync", "Close", "CloseAsync", "Dispose", "DisposeAsync", "ChangeDatabase" };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("HOLON100");

    /// <summary>
    /// Fix all (the IDE's "fix all occurrences", <c>dotnet format analyzers</c>) rents the writer for each block: the
    /// first fix, correct whatever the block does. Each rewrite stays inside its own using block, so batching them
    /// in one document cannot collide.
    /// </summary>
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
            var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as BaseObjectCreationExpressionSyntax;
            if (creation?.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: UsingStatementSyntax { Statement: BlockSyntax } usingStatement } } } &&
                model.GetTypeInfo(creation, context.CancellationToken).Type?.ToDisplayString() == SqliteConnectionType)
            {
                RegisterForUsingStatement(context, root, model, diagnostic, usingStatement);
                continue;
            }

            if (creation?.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ||
                declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration ||
                declaration.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } statement ||
                statement.Parent is not BlockSyntax block ||
                model.GetTypeInfo(creation, context.CancellationToken).Type?.ToDisplayString() != SqliteConnectionType)
            {
                continue;
            }

            var name = declarator.Identifier.ValueText;
            var index = block.Statements.IndexOf(statement);
            var open = index + 1 < block.Statements.Count ? AsOpen(block.Statements[index + 1], name) : null;
            if (UsesLifetime(block, name, except: open?.Statement))
            {
                continue;
            }

            var pool = FindPool(model, statement.SpanStart, context.CancellationToken);
            if (pool is null)
            {
                continue;
            }

            var isAsync = statement.AwaitKeyword.RawKind != 0 || open?.IsAsync == true;
            var leaseName = FreeName(model, statement.SpanStart, "lease");
            RegisterSides(context, diagnostic, pool, side => root.ReplaceNode(block, Rewrite(block, statement, declaration, open, pool, leaseName, isAsync, side)));
        }
    }

    /// <summary><c>using (var c = new SqliteConnection(cs)) { c.Open(); … }</c> becomes <c>using (var lease = pool.RentWriter()) { var c = lease.Connection; … }</c>.</summary>
    private static void RegisterForUsingStatement(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, UsingStatementSyntax usingStatement)
    {
        var declaration = usingStatement.Declaration!;
        var body = (BlockSyntax)usingStatement.Statement;
        var name = declaration.Variables[0].Identifier.ValueText;
        var open = body.Statements.Count > 0 ? AsOpen(body.Statements[0], name) : null;
        if (UsesLifetime(body, name, except: open?.Statement))
        {
            return;
        }

        var pool = FindPool(model, usingStatement.SpanStart, context.CancellationToken);
        if (pool is null)
        {
            return;
        }

        var isAsync = usingStatement.AwaitKeyword.RawKind != 0 || open?.IsAsync == true;
        var leaseName = FreeName(model, usingStatement.SpanStart, "lease");
        RegisterSides(context, diagnostic, pool, side => root.ReplaceNode(usingStatement, RewriteUsingStatement(usingStatement, declaration, body, open, pool, leaseName, isAsync, side)));
    }

    /// <summary>One fix per side (writer, and reader for read-only blocks), each rewriting the document's root.</summary>
    private static void RegisterSides(CodeFixContext context, Diagnostic diagnostic, string pool, System.Func<string, SyntaxNode> rewrite)
    {
        foreach (var side in Sides)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(side, pool),
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(rewrite(side))),
                    equivalenceKey: "Holon.RentLease." + side),
                diagnostic);
        }
    }

    private static UsingStatementSyntax RewriteUsingStatement(
        UsingStatementSyntax usingStatement, VariableDeclarationSyntax declaration, BlockSyntax body,
        OpenCall? open, string pool, string leaseName, bool isAsync, string side)
    {
        var rentExpression = isAsync
            ? $"await {pool}.Rent{side}Async{(open?.Arguments ?? SyntaxFactory.ArgumentList()).WithoutTrivia()}"
            : $"{pool}.Rent{side}()";
        var leaseDeclaration = ((LocalDeclarationStatementSyntax)SyntaxFactory.ParseStatement($"var {leaseName} = {rentExpression};")).Declaration;

        var statements = body.Statements;
        var template = statements.Count > 0 ? statements[0] : null;
        if (open is not null)
        {
            statements = statements.RemoveAt(0);
        }

        var declarator = declaration.Variables[0];
        var connection = SyntaxFactory.LocalDeclarationStatement(
            declaration.WithVariables(SyntaxFactory.SingletonSeparatedList(
                declarator.WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.ParseExpression(leaseName + ".Connection"))))));
        connection = template is null
            ? connection.WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation)
            : connection.WithLeadingTrivia(IndentationOf(template)).WithTrailingTrivia(template.GetTrailingTrivia());

        var updated = usingStatement.WithDeclaration(leaseDeclaration).WithStatement(body.WithStatements(statements.Insert(0, connection)));
        if (isAsync && usingStatement.AwaitKeyword.RawKind == 0)
        {
            updated = updated
                .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(usingStatement.UsingKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space))
                .WithUsingKeyword(usingStatement.UsingKeyword.WithLeadingTrivia());
        }

        return updated;
    }

    private static BlockSyntax Rewrite(
        BlockSyntax block, LocalDeclarationStatementSyntax statement, VariableDeclarationSyntax declaration,
        OpenCall? open, string pool, string leaseName, bool isAsync, string side)
    {
        var tokenArgument = open?.Arguments ?? SyntaxFactory.ArgumentList();
        var rentText = isAsync
            ? $"await using var {leaseName} = await {pool}.Rent{side}Async{tokenArgument.WithoutTrivia()};"
            : $"using var {leaseName} = {pool}.Rent{side}();";
        var rent = SyntaxFactory.ParseStatement(rentText)
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia());

        var declarator = declaration.Variables[0];
        var connection = SyntaxFactory.LocalDeclarationStatement(
                declaration.WithVariables(SyntaxFactory.SingletonSeparatedList(
                    declarator.WithInitializer(SyntaxFactory.EqualsValueClause(
                        SyntaxFactory.ParseExpression(leaseName + ".Connection"))))))
            .WithLeadingTrivia(IndentationOf(statement))
            .WithTrailingTrivia(statement.GetTrailingTrivia());

        var statements = block.Statements;
        var index = statements.IndexOf(statement);
        if (open is not null)
        {
            statements = statements.RemoveAt(index + 1);
        }

        statements = statements.RemoveAt(index).InsertRange(index, new StatementSyntax[] { rent, connection });
        return block.WithStatements(statements);
    }

    /// <summary>
    /// The rewrite drops the connection string, so the code then talks to whatever database the pool
    /// opens; the title says so rather than let that change pass unnoticed.
    /// </summary>
    private static string Title(string side, string pool) =>
        $"Rent a {side.ToLowerInvariant()} lease from '{pool}' (uses the pool's database)";

    private static SyntaxTriviaList IndentationOf(StatementSyntax statement) =>
        SyntaxFactory.TriviaList(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().Take(1));

    private sealed class OpenCall
    {
        public OpenCall(StatementSyntax statement, bool isAsync, ArgumentListSyntax arguments)
        {
            Statement = statement;
            IsAsync = isAsync;
            Arguments = arguments;
        }

        public StatementSyntax Statement { get; }
        public bool IsAsync { get; }
        public ArgumentListSyntax Arguments { get; }
    }

    /// <summary><c>c.Open();</c> or <c>await c.OpenAsync(…);</c> right after the declaration.</summary>
    private static OpenCall? AsOpen(StatementSyntax statement, string name)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return null;
        }

        var isAwait = expression is AwaitExpressionSyntax;
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        if (expression is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var method },
            } invocation &&
            target.Identifier.ValueText == name &&
            ((method == "Open" && !isAwait && invocation.ArgumentList.Arguments.Count == 0) ||
             (method == "OpenAsync" && isAwait && invocation.ArgumentList.Arguments.Count <= 1)))
        {
            return new OpenCall(statement, isAwait, invocation.ArgumentList);
        }

        return null;
    }

    /// <summary>The lease owns the connection's lifetime: no fix when the code opens, closes or disposes it elsewhere.</summary>
    private static bool UsesLifetime(BlockSyntax block, string name, StatementSyntax? except)
    {
        foreach (var access in block.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
        {
            if (access.Expression is IdentifierNameSyntax target && target.Identifier.ValueText == name &&
                ConnectionLifetimeMethods.Contains(access.Name.Identifier.ValueText) &&
                (except is null || !except.Span.Contains(access.Span)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Locals and parameters first, then fields and properties; only what the code at <paramref name="position"/> can use.</summary>
    private static string? FindPool(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var poolType = model.Compilation.GetTypeByMetadataName(PoolType);
        if (poolType is null)
        {
            return null;
        }

        var enclosing = model.GetEnclosingSymbol(position, cancellationToken);
        while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } nested)
        {
            enclosing = nested.ContainingSymbol;
        }

        var isStatic = enclosing?.IsStatic ?? false;
        return model.LookupSymbols(position)
            .Select(symbol => (symbol, rank: Rank(symbol, poolType, position, enclosing, isStatic)))
            .Where(c => c.rank > 0)
            .OrderBy(c => c.rank)
            .ThenBy(c => c.symbol.Name, System.StringComparer.Ordinal)
            .Select(c => c.symbol.Name)
            .FirstOrDefault();
    }

    private static int Rank(ISymbol symbol, INamedTypeSymbol poolType, int position, ISymbol? enclosing, bool isStatic)
    {
        bool Is(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, poolType);
        return symbol switch
        {
            ILocalSymbol local when Is(local.Type) && local.Locations.All(l => l.SourceSpan.End <= position) => 1,
            IParameterSymbol parameter when Is(parameter.Type) &&
                (SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, enclosing) || !isStatic) => 1,
            IFieldSymbol field when Is(field.Type) && (field.IsStatic || !isStatic) => 2,
            IPropertySymbol property when Is(property.Type) && (property.IsStatic || !isStatic) => 3,
            _ => 0,
        };
    }

    private static string FreeName(SemanticModel model, int position, string name)
    {
        var candidate = name;
        for (var i = 2; !model.LookupSymbols(position, name: candidate).IsEmpty; i++)
        {
            candidate = name + i;
        }

        return candidate;
    }
}
