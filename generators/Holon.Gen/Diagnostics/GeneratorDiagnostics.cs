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
        "HOLON020" => DiagnosticDescriptors.MigrationFileName,
        "HOLON021" => DiagnosticDescriptors.MigrationDuplicateVersion,
        "HOLON022" => DiagnosticDescriptors.MigrationEmpty,
        "HOLON023" => DiagnosticDescriptors.MigrationGap,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Not a generator diagnostic id."),
    };
}
