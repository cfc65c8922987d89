using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON102: a <c>ConnectionLease</c> rented from <c>SqlitePool.RentReader/RentWriter</c> (or the
/// awaited <c>…Async</c> forms) that is not disposed on every path. Deliberately conservative: any
/// hand-over of the lease (returned, passed as an argument, stored in a field, copied, captured)
/// counts as a transfer of ownership and is not reported. What is reported is a lease that is
/// dropped, used only through its members, or disposed only outside a <c>finally</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LeaseDisposalAnalyzer : DiagnosticAnalyzer
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

            start.RegisterOperationAction(c => AnalyzeInvocation(c, pool, lease), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol pool, INamedTypeSymbol lease)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, pool))
        {
            return;
        }

        IOperation rented;
        switch (method.Name)
        {
            case "RentReader" or "RentWriter" when SymbolEqualityComparer.Default.Equals(method.ReturnType, lease):
                rented = invocation;
                break;
            case "RentReaderAsync" or "RentWriterAsync":
                // Only the awaited form hands out a lease here; a ValueTask kept for later is not followed.
                IOperation task = SkipConversions(invocation);
                if (task.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == task)
                {
                    task = SkipConversions(configured);
                }

                if (task.Parent is not IAwaitOperation awaited)
                {
                    return;
                }

                rented = awaited;
                break;
            default:
                return;
        }

        if (IsLeaked(rented))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LeaseNotDisposed, rented.Syntax.GetLocation(), pool.Name + "." + method.Name));
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

    /// <summary>
    /// The local leaks when nothing takes it over and no <c>finally</c> disposes it: every use is a
    /// member access on the lease itself (or a Dispose outside a finally, which an exception skips).
    /// </summary>
    private static bool IsLocalLeaked(ILocalSymbol local, IOperation anchor)
    {
        var root = anchor;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var use = SkipConversions(reference);
            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    continue;  // a new value is written; the reads decide
                case IInvocationOperation call when call.Instance == use:
                    if (IsDispose(call.TargetMethod) && IsInFinally(call))
                    {
                        return false;
                    }

                    continue;
                case IPropertyReferenceOperation property when property.Instance == use:
                    continue;
                case IFieldReferenceOperation field when field.Instance == use:
                    continue;
                case IAwaitOperation:
                    continue;  // cannot be a lease; harmless
                default:
                    return false;  // returned, passed on, copied, captured, used in `using (lease)`, …
            }
        }

        return true;
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
