namespace Holon.Gen.Analyzers;

/// <summary>Metadata names the analyzers look for. Matched by name so the analyzers never need the runtime assembly.</summary>
internal static class KnownNames
{
    public const string SqlitePool = "Holon.Data.SqlitePool";
    public const string ConnectionLease = "Holon.Data.ConnectionLease";
    public const string LeaseTransaction = "Holon.Data.LeaseTransaction";
    public const string QueryAttribute = "Holon.Data.QueryAttribute";
    public const string CommandAttribute = "Holon.Data.CommandAttribute";
    public const string WatchAttribute = "Holon.Data.WatchAttribute";
    public const string ConnectionFactoryAttribute = "Holon.Data.ConnectionFactoryAttribute";
    public const string RuntimeAssembly = "Holon.Data";

    public const string NpgsqlDataSource = "Npgsql.NpgsqlDataSource";
    public const string NpgsqlConnection = "Npgsql.NpgsqlConnection";

    public const string DbConnection = "System.Data.Common.DbConnection";
    public const string DbProviderFactory = "System.Data.Common.DbProviderFactory";
}
