using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON101: SQL text that is not a compile-time constant, passed to a lease's ad-hoc SQL APIs
/// (every <c>ConnectionLease</c>/<c>LeaseTransaction</c> method with a <c>string sql</c> parameter)
/// or to <c>SqliteCommand</c> (its constructor and <c>CommandText</c>). Constants, including
/// concatenations of <c>const</c> strings, are fine: values belong in parameters.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RuntimeSqlAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SqlBuiltAtRunTime);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var lease = start.Compilation.GetTypeByMetadataName(KnownNames.ConnectionLease);
            var transaction = start.Compilation.GetTypeByMetadataName(KnownNames.LeaseTransaction);
            var command = start.Compilation.GetTypeByMetadataName(KnownNames.SqliteCommand);
            if (lease is null && command is null)
            {
                return;
            }

            start.RegisterOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                var type = invocation.TargetMethod.ContainingType;
                if (Is(type, lease) || Is(type, transaction))
                {
                    CheckSqlArguments(c, invocation.Arguments, type.Name + "." + invocation.TargetMethod.Name);
                }
            }, OperationKind.Invocation);

            if (command is null)
            {
                return;
            }

            start.RegisterOperationAction(c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (Is(creation.Constructor?.ContainingType, command))
                {
                    CheckSqlArguments(c, creation.Arguments, "new " + command.Name);
                }
            }, OperationKind.ObjectCreation);

            start.RegisterOperationAction(c =>
            {
                var assignment = (ISimpleAssignmentOperation)c.Operation;
                if (assignment.Target is IPropertyReferenceOperation { Property.Name: "CommandText" } property &&
                    Is(property.Property.ContainingType, command))
                {
                    Check(c, assignment.Value, command.Name + ".CommandText");
                }
            }, OperationKind.SimpleAssignment);
        });
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static void CheckSqlArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string target)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "sql" or "commandText", Type.SpecialType: SpecialType.System_String })
            {
                Check(context, argument.Value, target);
            }
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value, string target)
    {
        // Implicit conversions (e.g. to a ReadOnlySpan<char> overload) keep the constant underneath.
        while (value is IConversionOperation { IsImplicit: true } conversion && !value.ConstantValue.HasValue)
        {
            value = conversion.Operand;
        }

        if (value.ConstantValue.HasValue || value.Syntax.IsMissing)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SqlBuiltAtRunTime, value.Syntax.GetLocation(), target));
    }
}
