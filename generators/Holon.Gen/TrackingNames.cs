namespace Holon.Gen;

/// <summary>Names of the tracked incremental steps, used by the incrementality tests.</summary>
internal static class TrackingNames
{
    public const string QueryMethods = nameof(QueryMethods);
    public const string CommandMethods = nameof(CommandMethods);
    public const string WatchMethods = nameof(WatchMethods);
    public const string CollectedQueries = nameof(CollectedQueries);
    public const string CollectedCommands = nameof(CollectedCommands);
    public const string CollectedWatches = nameof(CollectedWatches);
    public const string QueriesAndCommands = nameof(QueriesAndCommands);
    public const string AllCombined = nameof(AllCombined);
    public const string AllMethods = nameof(AllMethods);
    public const string Classes = nameof(Classes);
    public const string Diagnostics = nameof(Diagnostics);
    // HolonCatalog (HolonGenerator.cs)
    public const string CatalogNamespace = nameof(CatalogNamespace);
    public const string CatalogEntries = nameof(CatalogEntries);
    public const string Catalog = nameof(Catalog);
    // Migrations (Migrations/MigrationsPipeline.cs)
    public const string MigrationSettings = nameof(MigrationSettings);
    public const string MigrationFiles = nameof(MigrationFiles);
    public const string MigrationSet = nameof(MigrationSet);

    /// <summary>Steps of schema verification (Verification/VerificationPipeline.cs), checked by SchemaVerificationTests.</summary>
    internal static class SchemaSteps
    {
        public const string VerificationOptions = nameof(VerificationOptions);
        public const string Schema = nameof(Schema);
        public const string SchemaApplied = nameof(SchemaApplied);
        public const string VerifiedStatements = nameof(VerifiedStatements);
        public const string StatementVerification = nameof(StatementVerification);
        public const string SqlSites = nameof(SqlSites);
        public const string VerificationDiagnostics = nameof(VerificationDiagnostics);
        public const string SqlFunctions = nameof(SqlFunctions);
        public const string SqlFunctionDiagnostics = nameof(SqlFunctionDiagnostics);
    }
}
