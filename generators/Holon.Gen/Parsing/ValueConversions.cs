using System;
using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

/// <summary>
/// Types of the user's that bind and read as another value: through a converter named by [SqlConverter] (on the use,
/// then the type, then the assembly: the nearest wins), else as a single-value wrapper (one public constructor
/// parameter of a bindable type and a public readable property of that type whose name matches it, or Vogen's
/// <c>static From(value)</c> and <c>Value</c>).
/// </summary>
internal static class ValueConversions
{
    private const string ConverterAttribute = "SqlConverterAttribute";
    private const string ConverterInterface = "ISqlConverter`2";

    /// <summary>
    /// The mapping of <paramref name="type"/> (already stripped of <c>?</c>) through the nearest matching converter; null
    /// when none applies. <paramref name="store"/> classifies the store type (a plain scalar, never converted again).
    /// </summary>
    public static ScalarType? Converted(ITypeSymbol type, ISymbol? declaredOn, IAssemblySymbol? assembly, bool nullable, bool oblivious,
        Func<ITypeSymbol, ScalarType?> store)
    {
        if (type is not INamedTypeSymbol named || Converter(named, declaredOn, assembly) is not { } converter) return null;
        if (store(converter.Store) is not { Conversion: null, IsCollection: false } s) return null;
        string c = converter.Type.ToDisplayString(TypeClassifier.FullyQualifiedNoNullable);
        return s with
        {
            IsNullable = nullable, IsOblivious = oblivious,
            Conversion = new ValueConversion(ConversionKind.Converter, ModelName(named), named.IsReferenceType,
                c + ".ToStore({0})", c + ".FromStore({0})", c),
        };
    }

    /// <summary>The mapping of a single-value wrapper (<paramref name="type"/> stripped of <c>?</c>); null when it is none.</summary>
    public static ScalarType? Wrapped(ITypeSymbol type, bool nullable, bool oblivious, Func<ITypeSymbol, ScalarType?> store)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } named) return null;
        if (Wrapper(named) is not { } wrapper || store(wrapper.Property.Type) is not { Conversion: null, IsCollection: false } w) return null;
        string model = ModelName(named);
        string member = Names.Identifier(wrapper.Property.Name);
        string construct = wrapper.Factory is null ? "new " + model + "({0})" : model + "." + Names.Identifier(wrapper.Factory) + "({0})";
        return w with
        {
            IsNullable = nullable, IsOblivious = oblivious,
            Conversion = new ValueConversion(ConversionKind.Wrapper, model, named.IsReferenceType, "{0}." + member, construct, wrapper.Property.Name),
        };
    }

    private static string ModelName(INamedTypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeClassifier.FullyQualifiedNoNullable);

    /// <summary>A converter and its store type.</summary>
    private readonly record struct Found(INamedTypeSymbol Type, ITypeSymbol Store);

    /// <summary>The nearest [SqlConverter] whose model type is <paramref name="type"/>: on the use, the type, then the assembly.</summary>
    private static Found? Converter(INamedTypeSymbol type, ISymbol? declaredOn, IAssemblySymbol? assembly)
    {
        if (declaredOn is not null)
        {
            foreach (var symbol in WithPositionalPair(declaredOn))
            {
                if (Matching(symbol.GetAttributes(), type) is { } onUse) return onUse;
            }
        }
        if (Matching(type.GetAttributes(), type) is { } onType) return onType;
        return assembly is null ? null : Matching(assembly.GetAttributes(), type);
    }

    /// <summary>
    /// For a positional record, the property and its primary-constructor parameter are one use: an attribute on either
    /// applies (as for [EnumAsText]).
    /// </summary>
    private static IEnumerable<ISymbol> WithPositionalPair(ISymbol symbol)
    {
        yield return symbol;
        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } ctor } parameter)
        {
            foreach (var p in ctor.ContainingType.GetMembers(parameter.Name).OfType<IPropertySymbol>()) yield return p;
        }
        else if (symbol is IPropertySymbol property)
        {
            foreach (var p in property.ContainingType.InstanceConstructors.SelectMany(c => c.Parameters).Where(p => p.Name == property.Name))
                yield return p;
        }
    }

    private static Found? Matching(IEnumerable<AttributeData> attributes, INamedTypeSymbol type)
    {
        foreach (var a in attributes)
        {
            if (!IsConverterAttribute(a) || ConverterOf(a) is not { } found) continue;
            if (SymbolEqualityComparer.Default.Equals(ModelOf(found), type)) return new Found(found.Type, found.Store);
        }
        return null;
    }

    public static bool IsConverterAttribute(AttributeData a) =>
        a.AttributeClass is { Name: ConverterAttribute } c && c.ContainingNamespace?.ToDisplayString() == "Holon.Data";

    /// <summary>The converter type an attribute names, with its model and store types; null when it implements no ISqlConverter.</summary>
    public static (INamedTypeSymbol Type, ITypeSymbol Model, ITypeSymbol Store)? ConverterOf(AttributeData a)
    {
        if (a.ConstructorArguments.Length != 1 || a.ConstructorArguments[0].Value is not INamedTypeSymbol converter) return null;
        var contract = converter.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.MetadataName == ConverterInterface
            && i.ContainingNamespace?.ToDisplayString() == "Holon.Data");
        if (contract is null) return null;
        return (converter, contract.TypeArguments[0], contract.TypeArguments[1]);
    }

    private static ITypeSymbol ModelOf((INamedTypeSymbol Type, ITypeSymbol Model, ITypeSymbol Store) found) =>
        found.Model.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

    /// <summary>The wrapped property, and the static factory that makes the wrapper when no public constructor takes the value.</summary>
    private readonly record struct WrapperShape(IPropertySymbol Property, string? Factory);

    /// <summary>
    /// A single-value wrapper: exactly one public constructor with parameters, taking one, whose type a public readable
    /// property of the same name (ignoring case) has; or, with no such constructor, a public static <c>From(T)</c>
    /// returning the type and a property <c>Value</c> of type T (Vogen). No other public settable member: a type with
    /// more state is a row, not a value.
    /// </summary>
    private static WrapperShape? Wrapper(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic || type.IsTupleType || type.IsGenericType) return null;
        var ctors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length > 0).ToList();
        IPropertySymbol? property = null;
        string? factory = null;
        if (ctors.Count == 1 && ctors[0].Parameters.Length == 1)
        {
            var p = ctors[0].Parameters[0];
            if (SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, type)) return null;
            property = Readable(type, p.Type, name => string.Equals(name, p.Name, StringComparison.OrdinalIgnoreCase));
        }
        else if (ctors.Count == 0)
        {
            var from = type.GetMembers("From").OfType<IMethodSymbol>().Where(m => m.IsStatic && m.DeclaredAccessibility == Accessibility.Public
                && m.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(m.ReturnType, type)).ToList();
            if (from.Count != 1) return null;
            property = Readable(type, from[0].Parameters[0].Type, name => name == "Value");
            factory = "From";
        }
        if (property is null) return null;
        bool otherState = type.GetMembers().Any(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public
            && !SymbolEqualityComparer.Default.Equals(m, property) && m switch
            {
                IPropertySymbol { IsIndexer: false, SetMethod: not null } => true,
                IFieldSymbol { IsReadOnly: false, IsConst: false, IsImplicitlyDeclared: false } => true,
                _ => false,
            });
        return otherState ? null : new WrapperShape(property, factory);
    }

    private static IPropertySymbol? Readable(INamedTypeSymbol type, ITypeSymbol valueType, Func<string, bool> name) =>
        type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => !p.IsStatic && !p.IsIndexer && name(p.Name)
            && p.DeclaredAccessibility == Accessibility.Public && p.GetMethod is { DeclaredAccessibility: Accessibility.Public }
            && SymbolEqualityComparer.Default.Equals(p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated),
                valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));
}
