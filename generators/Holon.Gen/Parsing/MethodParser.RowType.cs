using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>
    /// What one row becomes: a scalar, a value tuple (by position), or a class, record or struct filled through its
    /// widest accessible constructor and then its settable properties. Null (with a diagnostic) when it cannot be.
    /// </summary>
    private ElementModel? ParseElement(ITypeSymbol type, LocationInfo? location, bool stripNullable)
    {
        string typeName = type.ToDisplayString(TypeClassifier.FullyQualified);
        // A one-member record whose member is not named Value (record Parent(long ParentId)) stays a row read by name,
        // as before wrappers: a typed id names its member Value (record struct BlockId(string Value), Vogen, StronglyTypedId).
        if (ClassifyColumn(type, null, "each row", location) is { } scalar
            && scalar.Conversion is not { Kind: ConversionKind.Wrapper, Source: not ("Value" or "value") })
            return new ElementModel(ElementKind.Scalar, typeName, scalar.ModelTypeName, scalar, EquatableArray<ResultMember>.Empty);

        var target = type;
        if (stripNullable && type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableValue)
            target = nullableValue.TypeArguments[0];
        target = target.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        var row = new RowTarget(this, target, location);

        if (target.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            ReportUnsupportedReturn(location);
            return null;
        }
        if (target is INamedTypeSymbol { IsTupleType: true } tuple) return ParseTuple(tuple, typeName, row);
        if (target is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.IsAbstract || named.IsStatic
            || named.SpecialType != SpecialType.None)
        {
            row.Fail("it is not a scalar, a value tuple, or a concrete class, record or struct");
            return null;
        }
        var members = RowMembers(named, row);
        return members is null ? null : new ElementModel(ElementKind.Row, typeName, row.Constructed, null, members.ToEquatableArray());
    }

    /// <summary>
    /// The value of one column: a scalar, or an array column (T[], List&lt;T&gt; or IReadOnlyList&lt;T&gt; of a scalar). On a
    /// backend without array columns the array is reported at <paramref name="location"/> (and the method is stubbed).
    /// </summary>
    private ScalarType? ClassifyColumn(ITypeSymbol type, ISymbol? declaredOn, string member, LocationInfo? location)
    {
        if (CheckJson(TypeClassifier.Classify(type, declaredOn, _enumsAsText, _compilation.Assembly), type, declaredOn) is { } scalar) return scalar;
        if (TypeClassifier.ClassifyCollection(type, readOnlyList: true) is not { } array) return null;
        if (Emitting.Backend.BackendEmitter.For(_backend).LacksArrayColumns is { } lacking)
            Report(lacking, location, _methodName, member, type.ToDisplayString());
        return array;
    }

    /// <summary>Whether the backend reads <paramref name="type"/> from a column, without reporting anything.</summary>
    private bool Readable(ITypeSymbol type, ISymbol declaredOn) => TypeClassifier.Classify(type, declaredOn, _enumsAsText, _compilation.Assembly) is not null
        || (Emitting.Backend.BackendEmitter.For(_backend).LacksArrayColumns is null && TypeClassifier.ClassifyCollection(type, readOnlyList: true) is not null);

    /// <summary>What to do about a type of the user's that cannot be read or bound.</summary>
    internal const string ConverterHint = "; give it a converter with [SqlConverter(typeof(...))] or make it a single-value wrapper";

    /// <summary>The row type being parsed, and how to say what is wrong with it.</summary>
    private sealed class RowTarget(MethodParser parser, ITypeSymbol target, LocationInfo? location)
    {
        public string Constructed { get; } = target.ToDisplayString(TypeClassifier.FullyQualified);

        public void Fail(string reason) =>
            parser.Report(DiagnosticDescriptors.ResultTypeNotConstructible, location, parser._methodName, target.ToDisplayString(), reason);
    }

    /// <summary>
    /// A tuple whose elements are all named maps by name, as records and classes do (<c>(string Title, long Id)</c> from
    /// <c>SELECT id, title</c> puts the title in Title); one with an unnamed element (<c>Item1</c>...) maps by position.
    /// </summary>
    private ElementModel ParseTuple(INamedTypeSymbol tuple, string typeName, RowTarget row)
    {
        bool byName = tuple.TupleElements.All(f => f.IsExplicitlyNamedTupleElement);
        var members = new List<ResultMember>();
        foreach (var field in tuple.TupleElements)
        {
            if (ClassifyColumn(field.Type, null, field.Name, LocationInfo.From(field.Locations.FirstOrDefault())) is { } s)
                members.Add(new ResultMember(field.Name, Names.Identifier(field.Name), s, MemberRole.ConstructorArgument));
            else
                row.Fail($"tuple element '{field.Name}' has type '{field.Type.ToDisplayString()}', which cannot be read from a column" + ConverterHint);
        }
        return new ElementModel(byName ? ElementKind.NamedTuple : ElementKind.Tuple, typeName, row.Constructed, null, members.ToEquatableArray());
    }

    /// <summary>Constructor parameters, then init-only or required properties, then optional setters: the order they are read in.</summary>
    private List<ResultMember>? RowMembers(INamedTypeSymbol named, RowTarget row)
    {
        var ctor = named.InstanceConstructors
            .Where(c => _compilation.IsSymbolAccessibleWithin(c, _type))
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, named)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (ctor is null)
        {
            row.Fail("it has no accessible constructor");
            return null;
        }

        var result = new List<ResultMember>();
        var taken = new HashSet<string>();
        bool ok = true;
        foreach (var p in ctor.Parameters)
        {
            if (ClassifyColumn(p.Type, p, p.Name, LocationInfo.From(p.Locations.FirstOrDefault())) is { } s)
            {
                string? fallback = p.HasExplicitDefaultValue ? DefaultValues.Literal(s, p.ExplicitDefaultValue) : null;
                result.Add(new ResultMember(p.Name, Names.Identifier(p.Name), s, MemberRole.ConstructorArgument, fallback));
                taken.Add(SqlAnalysis.Normalize(p.Name));
            }
            else
            {
                row.Fail($"constructor parameter '{p.Name}' has type '{p.Type.ToDisplayString()}', which cannot be read from a column" + ConverterHint);
                ok = false;
            }
        }

        var properties = SettableProperties(named, taken, row, ref ok);
        result.AddRange(properties.Where(p => p.Role == MemberRole.Initializer));
        result.AddRange(properties.Where(p => p.Role == MemberRole.OptionalSetter));
        if (!ok) return null;
        if (result.Count == 0)
        {
            row.Fail("it has no constructor parameters or settable properties to fill from columns");
            return null;
        }
        return result;
    }

    /// <summary>
    /// The value a non-required init property keeps when its column is absent: its initializer when that is a constant,
    /// else the type's default when it has no initializer. A non-constant initializer (<c>= DateTime.Now</c>) cannot be
    /// repeated here, so such a property stays required (null).
    /// </summary>
    private string? InitDefault(IPropertySymbol property, ScalarType type)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(_cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax syntax) continue;
            if (syntax.Initializer is null) return DefaultValues.Literal(type, null);
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
            var constant = model.GetConstantValue(syntax.Initializer.Value, _cancellationToken);
            return constant.HasValue ? DefaultValues.Literal(type, constant.Value) : null;
        }
        return null; // declared in metadata: its initializer is unknown
    }

    private List<ResultMember> SettableProperties(INamedTypeSymbol named, HashSet<string> taken, RowTarget row, ref bool ok)
    {
        var seen = new HashSet<string>();
        var properties = new List<ResultMember>();
        for (var t = named; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, SetMethod: { } set } property) continue;
                if (!seen.Add(property.Name) || taken.Contains(SqlAnalysis.Normalize(property.Name))) continue;
                if (!_compilation.IsSymbolAccessibleWithin(set, _type))
                {
                    // A private setter (string Id { get; private set; }) would silently stay unfilled: say so, once per member.
                    if (property.GetMethod is not null && TypeClassifier.Classify(property.Type, property, _enumsAsText, _compilation.Assembly) is not null)
                        Report(DiagnosticDescriptors.MemberNotFillable, LocationInfo.From(property.Locations.FirstOrDefault()),
                            property.Name, named.ToDisplayString(), _methodName);
                    continue;
                }
                // A property that is not required, of a type the backend cannot read (an array on SQLite), is left unset as before.
                var s = property.IsRequired || Readable(property.Type, property)
                    ? ClassifyColumn(property.Type, property, property.Name, LocationInfo.From(property.Locations.FirstOrDefault()))
                    : null;
                if (s is null)
                {
                    if (!property.IsRequired) continue;
                    row.Fail($"required property '{property.Name}' has type '{property.Type.ToDisplayString()}', which cannot be read from a column" + ConverterHint);
                    ok = false;
                    continue;
                }
                var role = property.IsRequired || set.IsInitOnly ? MemberRole.Initializer : MemberRole.OptionalSetter;
                string? fallback = role == MemberRole.Initializer && !property.IsRequired ? InitDefault(property, s) : null;
                properties.Add(new ResultMember(property.Name, Names.Identifier(property.Name), s, role, fallback));
            }
        }
        return properties;
    }
}
