using System.Collections.Immutable;
using System.Linq;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON102: a <c>ConnectionLease</c> rented from <c>SqlitePool.RentReader/RentWriter</c> (or the
/// awaited <c>…Async</c> forms), or from any other call that returns a new lease (a helper such as
/// <c>ConnectionLease Keep() => pool.RentReader();</c>, see <see cref="CreatesLease"/>), that is not disposed on every path. Deliberately conservative: any
/// hand-over of the lease (returned, passed as an argument, stored in a field, copied, captured)
/// counts as a transfer of ownership and is not reported; any reference from inside a lambda,
/// anonymous method or local function that does not itself declare the lease is a capture. What is
/// reported is a lease that is dropped, used only through its members, or disposed only outside a
/// <c>finally</c> (except the one shape proven by hand: a dispose in a catch-all that rethrows, plus a
/// dispose as the statement right after that <c>try</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class LeaseDisposalAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LeaseNotDisposed);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var pool = start.Compilation.GetTypeByMetadataName(KnownNames.SqlitePool);
            var lease = start.Compilation.GetTypeByMetadataName(KnownNames.ConnectionLease);
            if (pool is null || lease is null)
            {
                return;
            }

            var transaction = start.Compilation.GetTypeByMetadataName(KnownNames.LeaseTransaction);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, pool, lease, transaction), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol pool, INamedTypeSymbol lease, INamedTypeSymbol? transaction)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        IOperation rented;
        if (SymbolEqualityComparer.Default.Equals(method.ReturnType, lease))
        {
            rented = invocation;
        }
        else if (method.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task &&
                 task.ConstructedFrom.Name is "Task" or "ValueTask" &&
                 task.ConstructedFrom.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks" &&
                 SymbolEqualityComparer.Default.Equals(task.TypeArguments[0], lease))
        {
            // Only the awaited form hands out a lease here; a task kept for later is not followed.
            IOperation pending = SkipConversions(invocation);
            if (pending.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == pending)
            {
                pending = SkipConversions(configured);
            }

            if (pending.Parent is not IAwaitOperation awaited)
            {
                return;
            }

            rented = awaited;
        }
        else
        {
            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, pool) &&
            (ReceivesLease(invocation, lease, transaction) || !CreatesLease(method)))
        {
            return;
        }

        if (IsLeaked(rented))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LeaseNotDisposed, rented.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
        }
    }

    /// <summary>
    /// A call that is given a lease (or a transaction, which holds one) may return that same lease: the caller's
    /// own lease, already owned elsewhere. Not a new rent.
    /// </summary>
    private static bool ReceivesLease(IInvocationOperation invocation, INamedTypeSymbol lease, INamedTypeSymbol? transaction)
    {
        bool IsLeaseLike(ITypeSymbol? type) =>
            SymbolEqualityComparer.Default.Equals(type, lease) || (transaction is not null && SymbolEqualityComparer.Default.Equals(type, transaction));

        if (invocation.Instance is { } instance && IsLeaseLike(SkipConversionsDown(instance)?.Type))
        {
            return true;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (IsLeaseLike(argument.Parameter?.Type) || IsLeaseLike(SkipConversionsDown(argument.Value)?.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A helper hands out a new lease unless its body shows otherwise. Read from its syntax (no semantic model
    /// of another file is available here): every value it returns must be produced by a call (<c>pool.RentReader()</c>,
    /// <c>await pool.RentWriterAsync()</c>, a conditional between such calls) or be a local of the helper initialized
    /// by one. A returned field, property, parameter or anything else is a lease the helper holds or received: a
    /// hand-over, not reported. Methods without source (metadata, abstract, interface, delegates) count as rents.
    /// </summary>
    private static bool CreatesLease(IMethodSymbol method)
    {
        var definition = method.ReducedFrom ?? method.PartialImplementationPart ?? method;
        if (definition.DeclaringSyntaxReferences.IsEmpty)
        {
            return true;
        }

        var syntax = definition.DeclaringSyntaxReferences[0].GetSyntax();
        var (body, expression) = syntax switch
        {
            MethodDeclarationSyntax m => (m.Body as SyntaxNode, m.ExpressionBody?.Expression),
            LocalFunctionStatementSyntax f => (f.Body, f.ExpressionBody?.Expression),
            _ => (null, null),
        };
        if (expression is not null)
        {
            return IsCall(expression, null);
        }

        if (body is null)
        {
            return true;  // abstract, extern or a partial definition without its part: nothing to read
        }

        var returned = false;
        foreach (var statement in body.DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>())
        {
            if (statement.Expression is not { } value || !IsCall(value, body))
            {
                return false;
            }

            returned = true;
        }

        return returned;
    }

    /// <summary>A call, an awaited call, a conditional between such, or (inside <paramref name="body"/>) a local initialized by one.</summary>
    private static bool IsCall(ExpressionSyntax expression, SyntaxNode? body)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsCall(parenthesized.Expression, body);
            case AwaitExpressionSyntax awaited:
                return IsCall(awaited.Expression, body);
            case InvocationExpressionSyntax:
                return true;
            case ConditionalExpressionSyntax conditional:
                return IsCall(conditional.WhenTrue, body) && IsCall(conditional.WhenFalse, body);
            case ThrowExpressionSyntax:
                return true;
            case IdentifierNameSyntax identifier when body is not null:
                var declarators = body.DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .OfType<VariableDeclaratorSyntax>()
                    .Where(d => d.Identifier.ValueText == identifier.Identifier.ValueText)
                    .ToList();
                return declarators.Count == 1 && declarators[0].Initializer is { } initializer && IsCall(initializer.Value, null);
            default:
                return false;
        }
    }

    private static IOperation SkipConversions(IOperation operation)
    {
        while (operation.Parent is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>Decides from the place the rented value goes. Unknown shapes are never reported.</summary>
    private static bool IsLeaked(IOperation rented)
    {
        var value = SkipConversions(rented);

        // `var lease = write ? pool.RentWriter() : pool.RentReader();`: the conditional's destination decides.
        while (value.Parent is IConditionalOperation conditional && conditional.Condition != value)
        {
            value = SkipConversions(conditional);
        }

        switch (value.Parent)
        {
            case IExpressionStatementOperation:
                return true;  // rented and dropped
            case IDiscardOperation:
                return true;
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return assignment.Target switch
                {
                    IDiscardOperation => true,
                    ILocalReferenceOperation local => IsLocalLeaked(local.Local, value),
                    _ => false,  // a field, property or out parameter now owns it
                };
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                if (declarator.Parent?.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation)
                {
                    return false;
                }

                return IsLocalLeaked(declarator.Symbol, value);
            case IPropertyReferenceOperation or IFieldReferenceOperation:
                return true;  // `pool.RentWriter().Connection`: the lease itself is lost
            case IInvocationOperation call when call.Instance == value:
                return !IsDispose(call.TargetMethod);
            default:
                return false;
        }
    }

    /// <summary>The expression statement a call stands in, through <c>await</c> and <c>ConfigureAwait</c>.</summary>
    private static IOperation? StatementOf(IOperation call)
    {
        var current = SkipConversions(call);
        while (true)
        {
            switch (current.Parent)
            {
                case IAwaitOperation awaited:
                    current = SkipConversions(awaited);
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured when configured.Instance == current:
                    current = SkipConversions(configured);
                    continue;
                case IExpressionStatementOperation statement:
                    return statement;
                default:
                    return null;
            }
        }
    }

    private static IOperation? SkipConversionsDown(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsDispose(IMethodSymbol method) =>
        method.Name is "Dispose" or "DisposeAsync" && method.Parameters.IsEmpty;

    private static bool IsInFinally(IOperation operation)
    {
        for (var current = operation; current.Parent is not null; current = current.Parent)
        {
            if (current.Parent is ITryOperation tryOperation && tryOperation.Finally == current)
            {
                return true;
            }
        }

        return false;
    }
}
