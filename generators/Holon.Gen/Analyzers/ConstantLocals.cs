using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// Simple local data flow for HOLON101: does a value only ever hold text built from constants? True for a
/// constant, and for a local declared with <c>var</c>/a type (not a foreach, pattern, catch or <c>out var</c>
/// variable, not a <c>ref</c> local) whose every write in the method, lambdas included, stores constant text:
/// its initializer, <c>=</c>, <c>+=</c>. A local passed by <c>ref</c>/<c>out</c>, aliased by a <c>ref</c> local or
/// deconstructed into is never constant. Constant text is a constant, a concatenation or interpolation of constant
/// text, a conditional choosing between constant texts, or such a local.
/// </summary>
internal static class ConstantLocals
{
    public static bool HoldsOnlyConstants(IOperation value)
    {
        var root = value;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return IsConstantText(value, root, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));
    }

    private static bool IsConstantText(IOperation? operation, IOperation root, HashSet<ILocalSymbol> visiting)
    {
        switch (operation)
        {
            case null:
                return false;
            case { ConstantValue.HasValue: true }:
                return true;
            case IConversionOperation { IsImplicit: true } conversion:
                return IsConstantText(conversion.Operand, root, visiting);
            case IParenthesizedOperation parenthesized:
                return IsConstantText(parenthesized.Operand, root, visiting);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } add:
                return IsConstantText(add.LeftOperand, root, visiting) && IsConstantText(add.RightOperand, root, visiting);
            case IConditionalOperation { WhenFalse: not null, IsRef: false } conditional:
                return IsConstantText(conditional.WhenTrue, root, visiting) && IsConstantText(conditional.WhenFalse, root, visiting);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole &&
                        (!IsConstantText(hole.Expression, root, visiting) || hole.Alignment is not null || hole.FormatString is not null))
                    {
                        return false;
                    }
                }

                return true;
            case ILocalReferenceOperation reference:
                return IsConstantLocal(reference.Local, root, visiting);
            default:
                return false;
        }
    }

    private static bool IsConstantLocal(ILocalSymbol local, IOperation root, HashSet<ILocalSymbol> visiting)
    {
        if (local.IsRef || local.Type.SpecialType != SpecialType.System_String || local.DeclaringSyntaxReferences.Length != 1 ||
            local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax)
        {
            return false;
        }

        // Already being checked further up (a = b; b = a;): its other writes decide.
        if (!visiting.Add(local))
        {
            return true;
        }

        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                    if (initializer is not null && !IsConstantText(initializer.Value, root, visiting))
                    {
                        return false;
                    }

                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    if (!IsConstantUse(reference, root, visiting))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>A read, or a write that stores constant text.</summary>
    private static bool IsConstantUse(ILocalReferenceOperation reference, IOperation root, HashSet<ILocalSymbol> visiting)
    {
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                return !assignment.IsRef && IsConstantText(assignment.Value, root, visiting);
            case ICompoundAssignmentOperation compound when compound.Target == reference:
                return compound.OperatorKind == BinaryOperatorKind.Add && IsConstantText(compound.Value, root, visiting);
            case IArgumentOperation argument:
                return argument.Parameter?.RefKind is not (RefKind.Ref or RefKind.Out);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } }:
                return false;  // ref string alias = ref sql;
            case ITupleOperation:
                return !IsDeconstructionTarget(reference);
            case IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                return false;
            default:
                return true;
        }
    }

    private static bool IsDeconstructionTarget(IOperation reference)
    {
        var current = reference;
        while (current.Parent is ITupleOperation tuple)
        {
            current = tuple;
        }

        return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
    }
}
