using Holon.Gen.Analyzers;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

/// <summary>The types the parser compares parameters and members against, looked up once per method.</summary>
internal sealed class WellKnownSymbols(Compilation compilation)
{
    public INamedTypeSymbol? Lease { get; } = compilation.GetTypeByMetadataName(KnownNames.ConnectionLease);
    public INamedTypeSymbol? Pool { get; } = compilation.GetTypeByMetadataName(KnownNames.SqlitePool);
    public INamedTypeSymbol? HolonPool { get; } = compilation.GetTypeByMetadataName("Holon.Data.HolonPoolAttribute");
    public INamedTypeSymbol? NpgsqlDataSource { get; } = compilation.GetTypeByMetadataName(KnownNames.NpgsqlDataSource);
    public INamedTypeSymbol? NpgsqlConnection { get; } = compilation.GetTypeByMetadataName(KnownNames.NpgsqlConnection);
    public INamedTypeSymbol? CancellationToken { get; } = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
    public INamedTypeSymbol? EnumeratorCancellation { get; } =
        compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.EnumeratorCancellationAttribute");
}
