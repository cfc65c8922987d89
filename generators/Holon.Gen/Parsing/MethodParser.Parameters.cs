using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>The method's parameters by role: the lease, the token, values to bind, and at most one object whose members bind.</summary>
    private sealed class ParsedParameters
    {
        public List<ParameterModel> Models { get; } = new();
        public List<(IParameterSymbol Symbol, ScalarType Type)> Values { get; } = new();
        /// <summary>Already reported; still matched by name so a SQL parameter naming one gets no second error.</summary>
        public List<IParameterSymbol> Unsupported { get; } = new();
        public IParameterSymbol? Object { get; set; }
        /// <summary>A bulk command's list of rows (see MethodParser.Bulk.cs).</summary>
        public IParameterSymbol? Bulk { get; set; }
        public BulkSource? BulkSource { get; set; }
        public List<ITypeSymbol> RejectedRows { get; } = new();
        public string? Lease { get; set; }
        public string? Token { get; set; }
    }

    private ParsedParameters ParseParameters()
    {
        var parsed = new ParsedParameters();
        foreach (var p in _method.Parameters)
        {
            var role = RoleOf(p, parsed);
            bool hasEc = p.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _symbols.EnumeratorCancellation));
            parsed.Models.Add(new ParameterModel(Names.Identifier(p.Name), p.Type.ToDisplayString(TypeClassifier.FullyQualified),
                Names.ParameterPrefix(p), role, hasEc, p.Type.IsReferenceType));
        }
        return parsed;
    }

    private ParameterRole RoleOf(IParameterSymbol p, ParsedParameters parsed)
    {
        var location = LocationInfo.From(p.Locations.FirstOrDefault());
        // ref/out/in and params cannot cross into the async helpers, and are never needed to bind a value.
        if (p.RefKind != RefKind.None || p.IsParams)
        {
            Report(DiagnosticDescriptors.UnsupportedParameterType, location, p.Name, _methodName, Names.ParameterPrefix(p) + p.Type.ToDisplayString());
            parsed.Unsupported.Add(p);
            return ParameterRole.Value;
        }
        if (IsConnectionParameter(p.Type) && parsed.Lease is null)
        {
            parsed.Lease = Names.Identifier(p.Name);
            return ParameterRole.Lease;
        }
        if (SymbolEqualityComparer.Default.Equals(p.Type, _symbols.CancellationToken) && parsed.Token is null)
        {
            parsed.Token = Names.Identifier(p.Name);
            return ParameterRole.CancellationToken;
        }
        if (TryInListRole(p, parsed)) return ParameterRole.Value;
        if (Classify(p.Type, p) is { } scalar && !MeantAsObject(p, scalar, parsed))
        {
            parsed.Values.Add((p, scalar));
            return ParameterRole.Value;
        }
        if (BulkRole(p, parsed) is { } rows) return rows;
        if (parsed.Object is null && IsObjectCandidate(p.Type))
        {
            parsed.Object = p;
            return ParameterRole.Object;
        }
        Report(DiagnosticDescriptors.UnsupportedParameterType, location, p.Name, _methodName, p.Type.ToDisplayString());
        parsed.Unsupported.Add(p);
        return ParameterRole.Value;
    }

    /// <summary>
    /// A single-value wrapper whose member the SQL names, while it never names the parameter (<c>@Name</c> for
    /// <c>NameOnly row</c>), is an object whose members bind, as it was before wrappers bound as values.
    /// </summary>
    private bool MeantAsObject(IParameterSymbol p, ScalarType scalar, ParsedParameters parsed) =>
        scalar.Conversion is { Kind: ConversionKind.Wrapper } wrapper && parsed.Object is null && IsObjectCandidate(p.Type)
        && _sqlKeys is { } keys && !keys.Contains(Sql.SqlAnalysis.Normalize(p.Name)) && keys.Contains(Sql.SqlAnalysis.Normalize(wrapper.Source));

    private static bool IsObjectCandidate(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
        && named.SpecialType == SpecialType.None
        && !named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);

    /// <summary>A value the backend binds as one parameter: a scalar, or on PostgreSQL an array or List of scalars too.</summary>
    private ScalarType? Classify(ITypeSymbol type, ISymbol? declaredOn = null) =>
        CheckJson(TypeClassifier.Classify(type, declaredOn, _enumsAsText, _compilation.Assembly), type, declaredOn)
        ?? (_backend == DatabaseBackend.Postgres ? TypeClassifier.ClassifyCollection(type) : null);

    /// <summary>The caller's connection: a ConnectionLease on SQLite, an open NpgsqlConnection on PostgreSQL.</summary>
    private bool IsConnectionParameter(ITypeSymbol type) => _backend == DatabaseBackend.Postgres
        ? SymbolEqualityComparer.Default.Equals(type, _symbols.NpgsqlConnection)
        : SymbolEqualityComparer.Default.Equals(type, _symbols.Lease);

    /// <summary>
    /// The backend follows from the connection source: a connection parameter first, else the pool the type holds
    /// (a SqlitePool, or an NpgsqlDataSource or subclass such as NpgsqlMultiHostDataSource). Npgsql types are looked
    /// up by metadata name, so SQLite-only projects never reference Npgsql.
    /// </summary>
    private DatabaseBackend DetectBackend()
    {
        foreach (var p in _method.Parameters)
        {
            if (_symbols.NpgsqlConnection is not null && SymbolEqualityComparer.Default.Equals(p.Type, _symbols.NpgsqlConnection))
            {
                _pool = FindPool(out _);
                return DatabaseBackend.Postgres;
            }
            if (_symbols.Lease is not null && SymbolEqualityComparer.Default.Equals(p.Type, _symbols.Lease)) return DatabaseBackend.Sqlite;
        }
        _pool = FindPool(out var backend);
        return backend;
    }

    private DatabaseBackend? PoolBackend(ITypeSymbol type)
    {
        if (_symbols.Pool is not null && SymbolEqualityComparer.Default.Equals(type, _symbols.Pool)) return DatabaseBackend.Sqlite;
        if (_symbols.NpgsqlDataSource is null) return null;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, _symbols.NpgsqlDataSource)) return DatabaseBackend.Postgres;
        }
        return null;
    }

    /// <summary>
    /// The pool the method rents from: a field or property of the type (or a base), or a primary constructor parameter.
    /// With several, the one marked [HolonPool] wins; several and none (or more than one) marked is HOLON013, never a guess.
    /// </summary>
    private string? FindPool(out DatabaseBackend backend)
    {
        backend = DatabaseBackend.Sqlite;
        var parameterNames = new HashSet<string>(_method.Parameters.Select(p => p.Name));
        var candidates = new List<PoolCandidate>();
        for (var t = _type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsImplicitlyDeclared || (_method.IsStatic && !member.IsStatic)) continue;
                var memberType = member switch
                {
                    IFieldSymbol f => f.Type,
                    IPropertySymbol { IsIndexer: false, GetMethod: not null } p => p.Type,
                    _ => null,
                };
                if (memberType is null || PoolBackend(memberType) is not { } found) continue;
                if (!_compilation.IsSymbolAccessibleWithin(member, _type)) continue;
                string name = Names.Identifier(member.Name);
                if (parameterNames.Contains(member.Name))
                    name = member.IsStatic ? _type.ToDisplayString(TypeClassifier.FullyQualifiedNoNullable) + "." + name : "this." + name;
                candidates.Add(new PoolCandidate(member, name, found));
            }
        }
        if (!_method.IsStatic) candidates.AddRange(PrimaryConstructorPools(parameterNames, candidates));
        if (candidates.Count == 0) return null;
        if (candidates.Count == 1)
        {
            backend = candidates[0].Backend;
            return candidates[0].Expression;
        }

        var marked = candidates.Where(c => c.Symbol.GetAttributes()
            .Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _symbols.HolonPool))).ToList();
        if (marked.Count == 1)
        {
            backend = marked[0].Backend;
            return marked[0].Expression;
        }
        var listed = (marked.Count > 1 ? marked : candidates).Select(c => "'" + c.Symbol.Name + "'").ToList();
        Report(DiagnosticDescriptors.AmbiguousConnectionSource, _methodLocation, _methodName,
            string.Join(", ", listed.Take(listed.Count - 1)) + " and " + listed[listed.Count - 1]);
        _poolReported = true;
        return null;
    }

    /// <summary>One member or primary-constructor parameter that could be the connection source, and its backend.</summary>
    private readonly record struct PoolCandidate(ISymbol Symbol, string Expression, DatabaseBackend Backend);

    private bool _poolReported;

    /// <summary>
    /// A parameter that is already a member's pool: a record's positional property of the same name, a field or property
    /// initialized from it, or an argument to the base constructor (whose own member then holds it).
    /// </summary>
    private bool IsCapturedByMember(IParameterSymbol parameter, List<PoolCandidate> members)
    {
        bool Mentions(SyntaxNode node) =>
            node.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.ValueText == parameter.Name);
        if (members.Any(m => m.Symbol.Name == parameter.Name)) return true;
        if (members.Any(m => m.Symbol.DeclaringSyntaxReferences.Any(r => Mentions(r.GetSyntax(_cancellationToken))))) return true;
        return members.Count > 0 && _type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .Any(t => t.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().Any(b => Mentions(b.ArgumentList)) == true);
    }

    /// <summary>
    /// Pool parameters of the primary constructor. One a member already captures (<c>SqlitePool Pool => pool;</c> or a field
    /// initialized from it) is the same pool, so it is not a second candidate.
    /// </summary>
    private IEnumerable<PoolCandidate> PrimaryConstructorPools(HashSet<string> parameterNames, List<PoolCandidate> members)
    {
        foreach (var ctor in _type.InstanceConstructors)
        {
            bool primary = ctor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is TypeDeclarationSyntax);
            if (!primary) continue;
            foreach (var p in ctor.Parameters)
            {
                if (PoolBackend(p.Type) is not { } found || parameterNames.Contains(p.Name)) continue;
                if (IsCapturedByMember(p, members)) continue;
                yield return new PoolCandidate(p, Names.Identifier(p.Name), found);
            }
        }
    }
}
