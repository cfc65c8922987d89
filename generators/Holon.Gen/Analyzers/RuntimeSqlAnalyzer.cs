using System.Collections.Immutable;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON101: SQL text that is not a compile-time constant, passed to a lease's ad-hoc SQL APIs
/// (every <c>ConnectionLease</c>/<c>LeaseTransaction</c> method with a <c>string sql</c> parameter).
/// Constants, including concatenations of <c>const</c> strings, are fine: values belong in parameters.
/// Anything else is reported, a <c>static readonly</c> field included: the analyzer cannot tell a fixed
/// string from one assembled from input, and only a constant proves the text never carries values.
/// Hand-written ADO.NET through <c>lease.Connection</c> is the deliberate escape hatch for dynamic SQL
/// and is left to CA2100, which covers <c>DbCommand.CommandText</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RuntimeSqlAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SqlNotConstant);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var lease = start.Compilation.GetTypeByMetadataName(KnownNames.ConnectionLease);
            var transaction = start.Compilation.GetTypeByMetadataName(KnownNames.LeaseTransaction);
            if (lease is null)
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
        });
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static void CheckSqlArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string target)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "sql", Type.SpecialType: SpecialType.System_String })
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

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SqlNotConstant, value.Syntax.GetLocation(), target));
    }
}
