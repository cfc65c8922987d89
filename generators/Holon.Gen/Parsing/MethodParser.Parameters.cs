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
        if (SymbolEqualityComparer.Default.Equals(p.Type, _symbols.Lease) && parsed.Lease is null)
        {
            parsed.Lease = Names.Identifier(p.Name);
            return ParameterRole.Lease;
        }
        if (SymbolEqualityComparer.Default.Equals(p.Type, _symbols.CancellationToken) && parsed.Token is null)
        {
            parsed.Token = Names.Identifier(p.Name);
            return ParameterRole.CancellationToken;
        }
        if (TypeClassifier.Classify(p.Type, p) is { } scalar)
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

    /// <summary>
    /// The pool the method rents from: a field or property of the type (or a base), or a primary constructor parameter.
    /// With several, the one marked [HolonPool] wins; several and none (or more than one) marked is HOLON013, never a guess.
    /// </summary>
    private string? FindPool()
    {
        if (_symbols.Pool is null) return null;
        var parameterNames = new HashSet<string>(_method.Parameters.Select(p => p.Name));
        var candidates = new List<(ISymbol Symbol, string Expression)>();
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
                if (memberType is null || !SymbolEqualityComparer.Default.Equals(memberType, _symbols.Pool)) continue;
                if (!_compilation.IsSymbolAccessibleWithin(member, _type)) continue;
                string name = Names.Identifier(member.Name);
                if (parameterNames.Contains(member.Name))
                    name = member.IsStatic ? _type.ToDisplayString(TypeClassifier.FullyQualifiedNoNullable) + "." + name : "this." + name;
                candidates.Add((member, name));
            }
        }
        if (!_method.IsStatic) candidates.AddRange(PrimaryConstructorPools(parameterNames, candidates));
        if (candidates.Count <= 1) return candidates.Count == 1 ? candidates[0].Expression : null;

        var marked = candidates.Where(c => c.Symbol.GetAttributes()
            .Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _symbols.HolonPool))).ToList();
        if (marked.Count == 1) return marked[0].Expression;
        var listed = (marked.Count > 1 ? marked : candidates).Select(c => "'" + c.Symbol.Name + "'").ToList();
        Report(DiagnosticDescriptors.AmbiguousConnectionSource, _methodLocation, _methodName,
            string.Join(", ", listed.Take(listed.Count - 1)) + " and " + listed[listed.Count - 1]);
        _poolReported = true;
        return null;
    }

    private bool _poolReported;

    /// <summary>
    /// A parameter that is already a member's pool: a record's positional property of the same name, a field or property
    /// initialized from it, or an argument to the base constructor (whose own member then holds it).
    /// </summary>
    private bool IsCapturedByMember(IParameterSymbol parameter, List<(ISymbol Symbol, string Expression)> members)
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
    private IEnumerable<(ISymbol Symbol, string Expression)> PrimaryConstructorPools(HashSet<string> parameterNames,
        List<(ISymbol Symbol, string Expression)> members)
    {
        foreach (var ctor in _type.InstanceConstructors)
        {
            bool primary = ctor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is TypeDeclarationSyntax);
            if (!primary) continue;
            foreach (var p in ctor.Parameters)
            {
                if (!SymbolEqualityComparer.Default.Equals(p.Type, _symbols.Pool) || parameterNames.Contains(p.Name)) continue;
                if (IsCapturedByMember(p, members)) continue;
                yield return (p, Names.Identifier(p.Name));
            }
        }
    }
}
