using System.Collections.Generic;
using System.Linq;
using System.Text;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

/// <summary>
/// [SqlJson(typeof(TContext))]: a value stored as a JSON document in one TEXT (SQLite) or jsonb (PostgreSQL) column,
/// serialized through the System.Text.Json context's type information. The setting on the use (property, field,
/// constructor or method parameter, or its positional-record pair) wins over the one on the type.
/// </summary>
/// <remarks>
/// Our generator cannot see what the System.Text.Json generator writes, so whether a context serializes a type is
/// read from its <c>[JsonSerializable]</c> roots and what they reach (public properties and fields, collection and
/// dictionary elements, nullable values, <c>[JsonDerivedType]</c>s), as that generator walks them.
/// </remarks>
internal static class JsonColumnParser
{
    private const string Attribute = "SqlJsonAttribute";
    private const string Stj = "System.Text.Json.Serialization";

    /// <summary>A JSON mapping from [SqlJson] on the use; null when the use has none.</summary>
    public static ScalarType? OnUse(ITypeSymbol type, ISymbol? declaredOn, bool nullable, bool oblivious) =>
        declaredOn is not null && Find(declaredOn) is { } a ? Json(type, a, nullable, oblivious) : null;

    /// <summary>A JSON mapping from [SqlJson] on the type (<paramref name="type"/> stripped of <c>?</c>); null when it has none.</summary>
    public static ScalarType? OnType(ITypeSymbol type, bool nullable, bool oblivious) =>
        type is INamedTypeSymbol named && Own(named.GetAttributes()) is { } a ? Json(type, a, nullable, oblivious) : null;

    /// <summary>
    /// What is wrong with the [SqlJson] that applies to this use, located at the attribute: HOLON045 when its type is no
    /// JsonSerializerContext, HOLON046 when the context does not serialize the stored type (naming both).
    /// </summary>
    public static IEnumerable<DiagnosticInfo> Check(ITypeSymbol type, ISymbol? declaredOn)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n) type = n.TypeArguments[0];
        var a = (declaredOn is null ? null : Find(declaredOn)) ?? (type is INamedTypeSymbol named ? Own(named.GetAttributes()) : null);
        if (a is null) yield break;
        var location = LocationInfo.From(a.ApplicationSyntaxReference?.GetSyntax());
        string stored = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString();
        if (ContextOf(a) is not { } context)
        {
            string given = a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is ITypeSymbol t ? t.ToDisplayString() : "null";
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.SqlJsonNotAContext, location, given, stored);
            yield break;
        }
        if (!Serializes(context, type))
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.SqlJsonTypeNotInContext, location, context.ToDisplayString(), stored);
    }

    private static ScalarType Json(ITypeSymbol type, AttributeData a, bool nullable, bool oblivious)
    {
        // An unusable context still maps, so the use gets its one error (Check) and no second one about the type.
        string context = ContextOf(a)?.ToDisplayString(TypeClassifier.FullyQualifiedNoNullable) ?? "global::System.Text.Json.Serialization.JsonSerializerContext";
        string model = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeClassifier.FullyQualified);
        var conversion = new ValueConversion(ConversionKind.Json, model, type.IsReferenceType, "", "", context);
        return new ScalarType(ValueKind.String, "string", false, nullable, true, oblivious, Conversion: conversion);
    }

    /// <summary>The C# identifier of the generated field that holds the type information of <paramref name="json"/>.</summary>
    public static string Field(ValueConversion json)
    {
        var name = new StringBuilder("Json_");
        foreach (char c in (json.ModelTypeName + "_" + json.Source).Replace("global::", ""))
            name.Append(char.IsLetterOrDigit(c) ? c : '_');
        return name.ToString();
    }

    private static AttributeData? Find(ISymbol symbol)
    {
        if (Own(symbol.GetAttributes()) is { } own) return own;
        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } ctor } parameter)
            return ctor.ContainingType.GetMembers(parameter.Name).OfType<IPropertySymbol>().Select(p => Own(p.GetAttributes()))
                .FirstOrDefault(x => x is not null);
        if (symbol is not IPropertySymbol property) return null;
        return property.ContainingType.InstanceConstructors.SelectMany(c => c.Parameters).Where(p => p.Name == property.Name)
            .Select(p => Own(p.GetAttributes())).FirstOrDefault(x => x is not null);
    }

    private static AttributeData? Own(IEnumerable<AttributeData> attributes) => attributes.FirstOrDefault(a =>
        a.AttributeClass is { Name: Attribute } c && c.ContainingNamespace?.ToDisplayString() == "Holon.Data");

    /// <summary>The context type the attribute names, when it derives from JsonSerializerContext and can be instantiated.</summary>
    private static INamedTypeSymbol? ContextOf(AttributeData a)
    {
        if (a.ConstructorArguments.Length != 1 || a.ConstructorArguments[0].Value is not INamedTypeSymbol context) return null;
        if (context.IsAbstract || context.IsGenericType) return null;
        for (var b = context.BaseType; b is not null; b = b.BaseType)
        {
            if (b.Name == "JsonSerializerContext" && b.ContainingNamespace?.ToDisplayString() == Stj) return context;
        }
        return null;
    }

    /// <summary>Whether <paramref name="type"/> is one of the context's [JsonSerializable] types or reached from one.</summary>
    private static bool Serializes(INamedTypeSymbol context, ITypeSymbol type)
    {
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>();
        foreach (var a in context.GetAttributes())
        {
            if (a.AttributeClass is { Name: "JsonSerializableAttribute" } c && c.ContainingNamespace?.ToDisplayString() == Stj
                && a.ConstructorArguments.Length >= 1 && a.ConstructorArguments[0].Value is ITypeSymbol root)
                pending.Push(root);
        }
        var target = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        while (pending.Count > 0)
        {
            var t = pending.Pop().WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            if (!seen.Add(t)) continue;
            if (SymbolEqualityComparer.Default.Equals(t, target)) return true;
            foreach (var next in Reached(t)) pending.Push(next);
        }
        return false;
    }

    /// <summary>The types serializing <paramref name="type"/> needs metadata for.</summary>
    private static IEnumerable<ITypeSymbol> Reached(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            yield return array.ElementType;
            yield break;
        }
        if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None) yield break;
        foreach (var argument in named.TypeArguments) yield return argument;
        foreach (var a in named.GetAttributes())
        {
            if (a.AttributeClass is { Name: "JsonDerivedTypeAttribute" } c && c.ContainingNamespace?.ToDisplayString() == Stj
                && a.ConstructorArguments.Length >= 1 && a.ConstructorArguments[0].Value is ITypeSymbol derived)
                yield return derived;
        }
        if (named.ContainingNamespace?.ToDisplayString().StartsWith("System") == true) yield break;
        for (var t = named; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public && !HasInclude(member)) continue;
                if (member.GetAttributes().Any(x => x.AttributeClass is { Name: "JsonIgnoreAttribute" })) continue;
                if (member is IPropertySymbol { IsIndexer: false } p) yield return p.Type;
                else if (member is IFieldSymbol { IsImplicitlyDeclared: false } f) yield return f.Type;
            }
        }
    }

    private static bool HasInclude(ISymbol member) => member.GetAttributes().Any(x => x.AttributeClass is { Name: "JsonIncludeAttribute" });
}
