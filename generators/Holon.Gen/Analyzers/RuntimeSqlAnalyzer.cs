using System.Collections.Immutable;
using System.Linq;
using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Holon.Gen.Analyzers;

/// <summary>
/// HOLON101: SQL text that is not a compile-time constant, passed to a lease's ad-hoc SQL APIs
/// (every <c>ConnectionLease</c>/<c>LeaseTransaction</c> method with a <c>string sql</c> parameter) or given
/// to an ADO.NET command (<c>CommandText</c> of any <c>IDbCommand</c>, e.g. <c>lease.Connection.CreateCommand()</c>,
/// and the <c>commandText</c> argument of a command's constructor).
/// Constants, including concatenations of <c>const</c> strings, are fine: values belong in parameters. So is
/// a local that only ever holds text built from constants (see <see cref="ConstantLocals"/>).
/// Anything else is reported, a <c>static readonly</c> field included: the analyzer cannot tell a fixed
/// string from one assembled from input, and only a constant proves the text never carries values.
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
            var dbCommand = start.Compilation.GetTypeByMetadataName(DbCommandInterface);
            if (lease is null)
            {
                return;
            }

            if (dbCommand is not null)
            {
                start.RegisterOperationAction(c => AnalyzeCommandText(c, dbCommand), OperationKind.SimpleAssignment);
                start.RegisterOperationAction(c => AnalyzeCommandCreation(c, dbCommand), OperationKind.ObjectCreation);
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

    /// <summary>Every ADO.NET command implements it: <c>DbCommand</c>, <c>SqliteCommand</c>, provider commands.</summary>
    private const string DbCommandInterface = "System.Data.IDbCommand";

    /// <summary><c>command.CommandText = …</c>, also inside an object initializer.</summary>
    private static void AnalyzeCommandText(OperationAnalysisContext context, INamedTypeSymbol dbCommand)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "CommandText", Type.SpecialType: SpecialType.System_String } property } &&
            IsCommand(property.ContainingType, dbCommand))
        {
            Check(context, assignment.Value, property.ContainingType.Name + ".CommandText");
        }
    }

    /// <summary><c>new SqliteCommand(sql, connection)</c>: the constructor's <c>commandText</c> argument.</summary>
    private static void AnalyzeCommandCreation(OperationAnalysisContext context, INamedTypeSymbol dbCommand)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type || !IsCommand(type, dbCommand))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { Name: "commandText", Type.SpecialType: SpecialType.System_String })
            {
                Check(context, argument.Value, type.Name + ".CommandText");
            }
        }
    }

    private static bool IsCommand(INamedTypeSymbol type, INamedTypeSymbol dbCommand) =>
        SymbolEqualityComparer.Default.Equals(type, dbCommand) ||
        type.AllInterfaces.Contains(dbCommand, SymbolEqualityComparer.Default);

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

        if (value.ConstantValue.HasValue || value.Syntax.IsMissing || ConstantLocals.HoldsOnlyConstants(value))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SqlNotConstant, value.Syntax.GetLocation(), target));
    }
}
