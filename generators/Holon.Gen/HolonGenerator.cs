using System.Collections.Immutable;
using System.Linq;
using Holon.Gen.Emitting;
using Holon.Gen.Model;
using Holon.Gen.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen;

/// <summary>
/// Implements [Query]/[Command]/[Watch] partial methods: one pipeline per attribute, parsed into an equatable model,
/// grouped per type, emitted per type. A new attribute kind needs a <see cref="SqlKind"/>, its name in
/// <see cref="Analyzers.HolonAttributes"/>, a <see cref="Methods"/> line here and its shapes in the parser and emitter.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HolonGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var queries = Methods(context, SqlKind.Query, TrackingNames.QueryMethods);
        var commands = Methods(context, SqlKind.Command, TrackingNames.CommandMethods);
        var watches = Methods(context, SqlKind.Watch, TrackingNames.WatchMethods);

        var all = queries.Collect().WithTrackingName(TrackingNames.CollectedQueries)
            .Combine(commands.Collect().WithTrackingName(TrackingNames.CollectedCommands)).WithTrackingName(TrackingNames.QueriesAndCommands)
            .Combine(watches.Collect().WithTrackingName(TrackingNames.CollectedWatches)).WithTrackingName(TrackingNames.AllCombined)
            .Select((pair, _) => pair.Left.Left.AddRange(pair.Left.Right).AddRange(pair.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllMethods);

        var classes = all.SelectMany((methods, _) => ClassGrouper.Group(methods)).WithTrackingName(TrackingNames.Classes);
        var diagnostics = all.SelectMany((methods, _) => methods.SelectMany(m => m.Diagnostics).Distinct().ToImmutableArray())
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(classes, static (spc, model) => AddType(spc, model));
        DiagnosticOutput.Register(context, diagnostics); // at tree locations, so .editorconfig and #pragma apply
        // HolonCatalog: one entry per store type (not per statement, so editing SQL leaves it cached).
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (p, _) => p.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) && !string.IsNullOrWhiteSpace(ns)
                ? ns.Trim() : null)
            .WithTrackingName(TrackingNames.CatalogNamespace);
        var catalog = classes.Select(static (c, _) => CatalogEntry.From(c)).WithTrackingName(TrackingNames.CatalogEntries)
            .Collect().Combine(rootNamespace).WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (spc, pair) =>
        {
            if (!pair.Left.IsEmpty) spc.AddSource(CatalogEmitter.HintName, CatalogEmitter.Emit(pair.Left, pair.Right));
        });

        var migrations = Migrations.MigrationsPipeline.Register(context); // HolonMigrations from Migrations/*.sql

        // HOLON200–206: every statement prepared by SQLite against the schema the migrations build.
        Verification.VerificationPipeline.Register(context, all, migrations);
    }

    /// <summary>
    /// Emits one type. A failure is that type's HOLON017, never an exception: an exception would fail the whole
    /// generator (CS8785) and leave every other type's methods without bodies.
    /// </summary>
    private static void AddType(SourceProductionContext spc, ClassModel model)
    {
        try
        {
            spc.AddSource(model.HintName, Emitter.Emit(model, spc.CancellationToken));
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.TypeNotGenerated, Location.None,
                model.Type.FullName, e.GetType().Name + ": " + e.Message));
        }
    }

    private static IncrementalValuesProvider<MethodResult> Methods(
        IncrementalGeneratorInitializationContext context, SqlKind kind, string trackingName) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(
                Analyzers.HolonAttributes.MetadataName(kind),
                static (node, _) => node is MethodDeclarationSyntax,
                (ctx, ct) => Parser.Parse(ctx, kind, ct))
            .WithTrackingName(trackingName);
}
