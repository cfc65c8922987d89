using System;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Diagnostics;

/// <summary>Finds a generator descriptor by id: the model carries ids, not descriptors.</summary>
internal static class GeneratorDiagnostics
{
    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "HOLON001" => DiagnosticDescriptors.TypeNotPartial,
        "HOLON002" => DiagnosticDescriptors.MethodNotPartial,
        "HOLON003" => DiagnosticDescriptors.NoConnectionSource,
        "HOLON004" => DiagnosticDescriptors.SqlParameterWithoutArgument,
        "HOLON005" => DiagnosticDescriptors.ArgumentNotUsed,
        "HOLON006" => DiagnosticDescriptors.UnsupportedParameterType,
        "HOLON007" => DiagnosticDescriptors.UnsupportedReturnType,
        "HOLON008" => DiagnosticDescriptors.ResultTypeNotConstructible,
        "HOLON009" => DiagnosticDescriptors.InvalidSql,
        "HOLON010" => DiagnosticDescriptors.GenericMethod,
        "HOLON011" => DiagnosticDescriptors.SeveralHolonAttributes,
        "HOLON200" => DiagnosticDescriptors.SqliteRejects,
        "HOLON201" => DiagnosticDescriptors.MemberWithoutColumn,
        "HOLON202" => DiagnosticDescriptors.ColumnWithoutMember,
        "HOLON203" => DiagnosticDescriptors.NullableIntoNonNullable,
        "HOLON204" => DiagnosticDescriptors.ColumnTypeMismatch,
        "HOLON205" => DiagnosticDescriptors.MigrationFails,
        "HOLON206" => DiagnosticDescriptors.VerificationSkipped,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Not a generator diagnostic id."),
    };
}
