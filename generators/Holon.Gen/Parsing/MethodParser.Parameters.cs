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
        if (Classify(p.Type) is { } scalar)
        {
            parsed.Values.Add((p, scalar));
            return ParameterRole.Value;
        }
        if (parsed.Object is null && IsObjectCandidate(p.Type))
        {
            parsed.Object = p;
            return ParameterRole.Object;
        }
        Report(DiagnosticDescriptors.UnsupportedParameterType, location, p.Name, _methodName, p.Type.ToDisplayString());
        parsed.Unsupported.Add(p);
        return ParameterRole.Value;
    }

    private static bool IsObjectCandidate(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
        && named.SpecialType == SpecialType.None
        && !named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);

    /// <summary>A value the backend binds as one parameter: a scalar, or on PostgreSQL an array or List of scalars too.</summary>
    private ScalarType? Classify(ITypeSymbol type) =>
        TypeClassifier.Classify(type) ?? (_backend == DatabaseBackend.Postgres ? TypeClassifier.ClassifyCollection(type) : null);

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

    /// <summary>The pool the method rents from: a field or property of the type (or a base), else a primary constructor parameter.</summary>
    private string? FindPool(out DatabaseBackend backend)
    {
        backend = DatabaseBackend.Sqlite;
        var parameterNames = new HashSet<string>(_method.Parameters.Select(p => p.Name));
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
                backend = found;
                string name = Names.Identifier(member.Name);
                if (!parameterNames.Contains(member.Name)) return name;
                return member.IsStatic ? _type.ToDisplayString(TypeClassifier.FullyQualifiedNoNullable) + "." + name : "this." + name;
            }
        }
        return _method.IsStatic ? null : PrimaryConstructorPool(parameterNames, ref backend);
    }

    private string? PrimaryConstructorPool(HashSet<string> parameterNames, ref DatabaseBackend backend)
    {
        foreach (var ctor in _type.InstanceConstructors)
        {
            bool primary = ctor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is TypeDeclarationSyntax);
            if (!primary) continue;
            foreach (var p in ctor.Parameters)
            {
                if (PoolBackend(p.Type) is { } found && !parameterNames.Contains(p.Name))
                {
                    backend = found;
                    return Names.Identifier(p.Name);
                }
            }
        }
        return null;
    }
}
