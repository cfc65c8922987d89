using System.Collections.Immutable;
using System.Linq;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>HOLON102's flow rules for a lease held in a local: where it is disposed, captured or left early.</summary>
public sealed partial class LeaseDisposalAnalyzer
{
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

        var declarations = local.DeclaringSyntaxReferences;
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (IsCaptured(reference, declarations))
            {
                return false;  // whoever runs the lambda or local function decides; we cannot follow it
            }

            var use = SkipConversions(reference);
            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    continue;  // a new value is written; the reads decide
                case IInvocationOperation call when call.Instance == use:
                    if (IsDispose(call.TargetMethod) && (IsInFinally(call) || FollowsRethrowingCatch(call, local)))
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

    /// <summary>
    /// A reference inside a lambda, anonymous method or local function is a capture unless that
    /// function itself declares the local. Compared by syntax: lambda symbols are not stable across bindings.
    /// </summary>
    private static bool IsCaptured(IOperation reference, ImmutableArray<SyntaxReference> declarations)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                var span = current.Syntax.Span;
                foreach (var declaration in declarations)
                {
                    if (declaration.SyntaxTree == current.Syntax.SyntaxTree && span.Contains(declaration.Span))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>try { … } catch { lease.Dispose(); throw; } lease.Dispose();</c>: the statement holding
    /// <paramref name="dispose"/> comes right after a <c>try</c>, in the block that declares the lease,
    /// whose every catch disposes the lease and rethrows, one of them catching everything, and whose body
    /// cannot leave other than by falling through to that statement or throwing.
    /// </summary>
    private static bool FollowsRethrowingCatch(IOperation dispose, ILocalSymbol local)
    {
        if (StatementOf(dispose) is not { Parent: IBlockOperation block } statement ||
            !block.Locals.Contains(local, SymbolEqualityComparer.Default))
        {
            return false;
        }

        var index = block.Operations.IndexOf(statement);
        if (index < 1 || block.Operations[index - 1] is not ITryOperation { Catches.IsEmpty: false } tryOperation)
        {
            return false;
        }

        var catchesAll = false;
        foreach (var clause in tryOperation.Catches)
        {
            if (clause.Filter is not null || !DisposesThenRethrows(clause.Handler, local))
            {
                return false;
            }

            catchesAll |= clause.ExceptionType.SpecialType == SpecialType.System_Object ||
                clause.ExceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
        }

        return catchesAll && !LeavesEarly(tryOperation.Body);
    }

    /// <summary>The handler's last statement is a <c>throw</c> and one of its top-level statements disposes the lease.</summary>
    private static bool DisposesThenRethrows(IBlockOperation handler, ILocalSymbol local)
    {
        var statements = handler.Operations;
        if (statements.IsEmpty || statements[statements.Length - 1] is not IExpressionStatementOperation { Operation: IThrowOperation } and not IThrowOperation)
        {
            return false;
        }

        foreach (var statement in statements)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation call && IsDispose(call.TargetMethod) &&
                    SkipConversionsDown(call.Instance) is ILocalReferenceOperation target &&
                    SymbolEqualityComparer.Default.Equals(target.Local, local) &&
                    StatementOf(call) == statement)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A <c>return</c>, <c>goto</c>, or a <c>break</c>/<c>continue</c> aimed at a loop or switch outside <paramref name="body"/>.</summary>
    private static bool LeavesEarly(IBlockOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IReturnOperation:
                    if (!IsInNestedFunction(operation, body))
                    {
                        return true;
                    }

                    break;
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    if (!IsInNestedFunction(operation, body))
                    {
                        return true;  // conservative: a goto to a label inside the body is rare
                    }

                    break;
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch:
                    if (!HasTargetInside(branch, body))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsInNestedFunction(IOperation operation, IOperation outer)
    {
        for (var current = operation.Parent; current is not null && current != outer; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTargetInside(IBranchOperation branch, IOperation outer)
    {
        for (var current = branch.Parent; current is not null && current != outer; current = current.Parent)
        {
            if (current is ILoopOperation || (current is ISwitchOperation && branch.BranchKind == BranchKind.Break))
            {
                return true;
            }
        }

        return false;
    }
}
