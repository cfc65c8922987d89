using Microsoft.CodeAnalysis;

namespace Holon.Gen.Migrations;

/// <summary>The migrations steps: settings → each .sql additional file → the ordered set → HolonMigrations.</summary>
internal static class MigrationsPipeline
{
    /// <summary>Registers the steps and returns the ordered set, which schema verification builds its schema from.</summary>
    public static IncrementalValueProvider<MigrationSet> Register(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => MigrationSettings.From(options.GlobalOptions))
            .WithTrackingName(TrackingNames.MigrationSettings);

        var files = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".sql", System.StringComparison.OrdinalIgnoreCase))
            .Combine(settings)
            .Select(static (pair, ct) => MigrationFileParser.Parse(pair.Left, pair.Right, ct))
            .WithTrackingName(TrackingNames.MigrationFiles);

        var set = files.Collect()
            .Combine(settings)
            .Select(static (pair, _) => MigrationFileParser.Build(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.MigrationSet);

        context.RegisterSourceOutput(set, static (spc, model) => MigrationEmitter.Output(spc, model));
        return set;
    }
}
