using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Holon.Gen.Analyzers;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.Parsing;

/// <summary>
/// Parses one attributed method. An instance holds what every part needs (the method, the well-known symbols and
/// the diagnostics bag); the parts live in their own files: parameters, connection source, SQL parameter bindings,
/// the return shape and the row type. <see cref="Parse"/> runs them in order.
/// </summary>
internal sealed partial class MethodParser
{
    private readonly GeneratorAttributeSyntaxContext _context;
    private readonly IMethodSymbol _method;
    private readonly MethodDeclarationSyntax _syntax;
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _type;
    private readonly SqlKind _kind;
    private readonly CancellationToken _cancellationToken;
    private readonly WellKnownSymbols _symbols;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly string _methodName;
    private readonly LocationInfo? _methodLocation;
    private readonly bool _enumsAsText;
    private DatabaseBackend _backend;
    private string? _pool;
    private HashSet<string>? _sqlKeys;

    public MethodParser(GeneratorAttributeSyntaxContext context, SqlKind kind, CancellationToken cancellationToken)
    {
        _context = context;
        _method = (IMethodSymbol)context.TargetSymbol;
        _syntax = (MethodDeclarationSyntax)context.TargetNode;
        _compilation = context.SemanticModel.Compilation;
        _type = _method.ContainingType;
        _kind = kind;
        _cancellationToken = cancellationToken;
        _symbols = new WellKnownSymbols(_compilation);
        _methodName = _type.Name + "." + _method.Name;
        _methodLocation = LocationInfo.From(_syntax.Identifier);
        _enumsAsText = TypeClassifier.EnumsAsTextByDefault(_compilation.Assembly);
    }

    private string AttributeName => _kind.ToString();

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

    public MethodResult Parse()
    {
        var typeModel = ContainingTypeParser.Parse(_type, _syntax, out var notPartial);
        if (Rejected(typeModel, notPartial) is { } rejected) return rejected;

        var attributeSyntax = _context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(_cancellationToken) as AttributeSyntax;
        var sqlLocation = LocationInfo.From((SyntaxNode?)attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault() ?? attributeSyntax);
        string sql = _context.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? "";
        var analysis = AnalyzeSql(sql, sqlLocation);
        _backend = DetectBackend();
        var sqlParameters = analysis.Parameters;
        string emittedSql = sql;
        // What a backend cannot run, and its parameter syntax, are in its description.
        var backend = Emitting.Backend.BackendEmitter.For(_backend);
        if (backend.Lacks(_kind) is { } lacking)
        {
            Report(lacking, LocationInfo.From(attributeSyntax) ?? _methodLocation, _methodName);
            return Stub(typeModel, sql, ParseParameters().Models);
        }
        emittedSql = RewriteInLists(sql, sqlLocation, backend);
        if (backend.PositionalParameters)
        {
            (emittedSql, sqlParameters) = RewriteToPositional(emittedSql, sqlLocation);
            if (_diagnostics.Count > 0) return Stub(typeModel, sql, ParseParameters().Models);
        }

        _sqlKeys = new HashSet<string>(sqlParameters.Where(n => n.Length > 1).Select(n => SqlAnalysis.Normalize(n.Substring(1))));
        var parameters = ParseParameters();
        string? poolExpression = null;
        if (parameters.Lease is null)
        {
            poolExpression = _pool;
            if (poolExpression is null && !_poolReported) Report(DiagnosticDescriptors.NoConnectionSource, _methodLocation, _methodName, _type.Name);
        }
        var bindings = BindSqlParameters(sqlParameters, parameters, sqlLocation);
        var result = ParseReturn(analysis, parameters.Lease);
        CheckBulk(parameters, result.Shape, result.Wrapper);

        _cancellationToken.ThrowIfCancellationRequested();
        // Errors leave a stub; a warning (HOLON016) is reported with the generated method.
        if (_diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return Stub(typeModel, sql, parameters.Models);
        var model = Model(typeModel, emittedSql, result, parameters, sqlParameters, bindings, poolExpression);
        if (_inLists.Count > 0) model = model with { DeclaredSql = sql };
        return new MethodResult(typeModel, model, _diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The declaration checks after which nothing more is parsed: a file-local type, a method that is not a partial
    /// declaration, a generic method, several Holon attributes. Null when the declaration passes them.
    /// </summary>
    private MethodResult? Rejected(TypeModel typeModel, TypeDeclarationSyntax? notPartial)
    {
        if (ContainingTypeParser.FileLocal(_type, _syntax) is { } fileLocal)
        {
            // No generated file can complete a file-local type, so nothing is generated for it: one error, in its file.
            Report(DiagnosticDescriptors.FileLocalType, LocationInfo.From(fileLocal.Identifier), fileLocal.Identifier.ValueText);
            return Fail(typeModel);
        }
        if (notPartial is not null)
            Report(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(notPartial.Identifier), notPartial.Identifier.ValueText);

        bool isPartialDeclaration = _syntax.Modifiers.Any(SyntaxKind.PartialKeyword) && _syntax.Body is null && _syntax.ExpressionBody is null;
        if (!isPartialDeclaration)
        {
            Report(DiagnosticDescriptors.MethodNotPartial, _methodLocation, _methodName);
            return Fail(typeModel);
        }
        if (_method.IsGenericMethod && IsFirstAttribute())
        {
            Report(DiagnosticDescriptors.GenericMethod, _methodLocation, _methodName, AttributeName);
            // A throwing stub with the same type parameters keeps HOLON010 the only error (no CS8795).
            return Stub(typeModel, "", StubParameters());
        }
        if (_method.IsGenericMethod) return Fail(typeModel);
        return SeveralAttributes(typeModel);
    }

    private MethodModel Model(TypeModel typeModel, string emittedSql, ParsedReturn result, ParsedParameters parameters,
        List<string> sqlParameters, List<BindingModel> bindings, string? poolExpression) =>
        new(
            Names.Identifier(_method.Name), Names.Modifiers(_syntax), _method.ReturnType.ToDisplayString(TypeClassifier.FullyQualified),
            result.Inner is null ? "void" : result.Inner.ToDisplayString(TypeClassifier.FullyQualified),
            typeModel.FullName + "." + _method.Name, emittedSql, _kind, result.Wrapper, result.Shape, result.Element,
            parameters.Models.ToEquatableArray(), sqlParameters.ToEquatableArray(), bindings.ToEquatableArray(),
            poolExpression, parameters.Lease, parameters.Token, Names.SortKey(_syntax), Backend: _backend,
            ReadFromPrimary: _backend == DatabaseBackend.Postgres && ReadFromPrimary(), Bulk: parameters.BulkSource);

    /// <summary>
    /// Each attribute kind has its own pipeline, and each sees this method; the pipeline of the first attribute
    /// reports the error and makes the one stub, the others stay silent.
    /// </summary>
    private MethodResult? SeveralAttributes(TypeModel typeModel)
    {
        var kinds = _method.GetAttributes().Select(a => HolonAttributes.KindOf(a.AttributeClass)).OfType<SqlKind>().ToList();
        if (kinds.Count <= 1) return null;
        if (kinds[0] != _kind) return Fail(typeModel);
        var names = kinds.Select(k => "[" + k + "]").ToList();
        string listed = string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
        Report(DiagnosticDescriptors.SeveralHolonAttributes, _methodLocation, _methodName, listed);
        return Stub(typeModel, "", StubParameters());
    }

    /// <summary>The parameters exactly as declared, for a stub that only has to match the declaration.</summary>
    private IEnumerable<ParameterModel> StubParameters() => _method.Parameters.Select(p => new ParameterModel(Names.Identifier(p.Name),
        p.Type.ToDisplayString(TypeClassifier.FullyQualified), Names.ParameterPrefix(p), ParameterRole.Value,
        HasEnumeratorCancellation: false, p.Type.IsReferenceType));

    /// <summary>Whether this pipeline's attribute is the method's first Holon attribute (the one that reports and stubs).</summary>
    private bool IsFirstAttribute() =>
        _method.GetAttributes().Select(a => HolonAttributes.KindOf(a.AttributeClass)).OfType<SqlKind>().FirstOrDefault() == _kind;

    private SqlAnalysis AnalyzeSql(string sql, LocationInfo? sqlLocation)
    {
        var analysis = SqlAnalysis.Analyze(sql);
        if (analysis.StatementCount == 0)
            Report(DiagnosticDescriptors.InvalidSql, sqlLocation, _methodName, "is empty; write exactly one SQL statement");
        else if (analysis.StatementCount > 1)
            Report(DiagnosticDescriptors.InvalidSql, sqlLocation, _methodName,
                $"holds {analysis.StatementCount} statements; write exactly one statement per method");
        return analysis;
    }

    /// <summary>
    /// @name (and :name, $name) become $1, $2 … at compile time; a statement that already uses $n cannot also use
    /// names, because the positions would collide.
    /// </summary>
    private (string Sql, List<string> Parameters) RewriteToPositional(string sql, LocationInfo? sqlLocation)
    {
        var rewrite = PostgresParameterRewriter.Rewrite(sql);
        if (rewrite.HighestPositional > 0 && rewrite.Parameters.Count > 0)
        {
            Report(DiagnosticDescriptors.PositionalAndNamedParameters, sqlLocation, _methodName,
                "$" + rewrite.HighestPositional.ToString(System.Globalization.CultureInfo.InvariantCulture), "@" + rewrite.Parameters[0]);
        }
        return (rewrite.Sql, rewrite.Parameters.Select(n => "@" + n).ToList());
    }

    private bool ReadFromPrimary() =>
        _context.Attributes[0].NamedArguments.Any(a => a.Key == "ReadFromPrimary" && a.Value.Value is true);

    private MethodResult Fail(TypeModel type) => new(type, null, _diagnostics.ToEquatableArray());

    /// <summary>
    /// A throwing stub keeps the HOLON error the only one: no "partial method has no implementation" on top, and (it
    /// names the pool when one was found) no "parameter 'pool' is unread" when every method of the type is a stub.
    /// </summary>
    private MethodResult Stub(TypeModel type, string sql, IEnumerable<ParameterModel> parameters)
    {
        var stub = new MethodModel(Names.Identifier(_method.Name) + TypeParameterList.Of(_method), Names.Modifiers(_syntax),
            _method.ReturnType.ToDisplayString(TypeClassifier.FullyQualified), "void", type.FullName + "." + _method.Name, sql, _kind,
            ResultWrapper.None, ResultShape.Void, null, parameters.ToEquatableArray(), EquatableArray<string>.Empty,
            EquatableArray<BindingModel>.Empty, _pool, null, null, Names.SortKey(_syntax), IsStub: true,
            StubConstraints: TypeParameterList.Constraints(_method).ToEquatableArray(), Backend: _backend);
        return new MethodResult(type, stub, _diagnostics.ToEquatableArray());
    }
}
