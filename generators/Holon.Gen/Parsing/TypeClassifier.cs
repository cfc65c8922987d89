using System.Collections.Generic;
using System.Linq;
using System.Text;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

/// <summary>Decides which .NET types map to a single SQLite value.</summary>
internal static class TypeClassifier
{
    public static readonly SymbolDisplayFormat FullyQualified =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static readonly SymbolDisplayFormat FullyQualifiedNoNullable = SymbolDisplayFormat.FullyQualifiedFormat;

    private const string EnumAsText = "EnumAsTextAttribute";

    /// <summary>
    /// Returns the scalar mapping of <paramref name="type"/>, or null when it is not a single value. An enum is stored
    /// as its name when [EnumAsText] says so on <paramref name="declaredOn"/> (the property or parameter), else on the
    /// enum type, else when <paramref name="enumsAsText"/> (the assembly's default) is set; [EnumAsText(false)] opts out.
    /// </summary>
    /// <remarks>
    /// A type of the user's maps through a conversion (<see cref="ValueConversions"/>): the nearest [SqlConverter] on
    /// <paramref name="declaredOn"/>, the type or <paramref name="assembly"/> first, else the single-value wrapper rule.
    /// [SqlJson] (<see cref="JsonColumnParser"/>) on the use comes before every converter; on the type, after a converter on
    /// the use or the type and before one on the assembly.
    /// </remarks>
    public static ScalarType? Classify(ITypeSymbol type, ISymbol? declaredOn = null, bool enumsAsText = false, IAssemblySymbol? assembly = null)
    {
        bool nullable = false;
        bool oblivious = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.None;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
        {
            nullable = true;
            type = n.TypeArguments[0];
        }
        else if (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated)
        {
            nullable = true;
        }
        if (JsonColumnParser.OnUse(type, declaredOn, nullable, oblivious) is { } jsonOnUse) return jsonOnUse;
        // Nearest wins: the use, then the type (a converter before [SqlJson] there), then the assembly.
        if (ValueConversions.Converted(type, declaredOn, null, nullable, oblivious, Store) is { } converted) return converted;
        if (JsonColumnParser.OnType(type, nullable, oblivious) is { } jsonOnType) return jsonOnType;
        if (assembly is not null && ValueConversions.Converted(type, null, assembly, nullable, oblivious, Store) is { } onAssembly)
            return onAssembly;
        if (Plain(type, declaredOn, enumsAsText, nullable, oblivious) is { } plain) return plain;
        return ValueConversions.Wrapped(type, nullable, oblivious, Store);
    }

    /// <summary>Whether a converter's store type is one the backends bind and read (a plain scalar).</summary>
    public static bool IsStorable(ITypeSymbol type) => Store(type) is not null;

    /// <summary>A store type: a plain scalar, non-nullable (the use's nullability is the conversion's), never converted again.</summary>
    private static ScalarType? Store(ITypeSymbol type) =>
        Plain(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), null, false, false, false);

    private static ScalarType? Plain(ITypeSymbol type, ISymbol? declaredOn, bool enumsAsText, bool nullable, bool oblivious)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            var kind = Special(underlying.SpecialType);
            if (kind is null) return null;
            string enumName = type.ToDisplayString(FullyQualifiedNoNullable);
            bool asText = (declaredOn is null ? null : EnumAsTextOn(declaredOn)) ?? EnumAsTextOn(type) ?? enumsAsText;
            var text = asText ? Text((INamedTypeSymbol)type, enumName) : null;
            return new ScalarType(kind.Value, enumName, true, nullable, false, Text: text);
        }

        ValueKind? k = Special(type.SpecialType);
        if (k is null)
        {
            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
                k = ValueKind.Blob;
            else if (type is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == "System")
            {
                k = named.MetadataName switch
                {
                    "Guid" => ValueKind.Guid,
                    "DateTimeOffset" => ValueKind.DateTimeOffset,
                    "DateOnly" => ValueKind.DateOnly,
                    "TimeOnly" => ValueKind.TimeOnly,
                    "TimeSpan" => ValueKind.TimeSpan,
                    "ReadOnlyMemory`1" when named.TypeArguments[0].SpecialType == SpecialType.System_Byte => ValueKind.Memory,
                    _ => null,
                };
            }
        }
        if (k is null) return null;

        // Only string and byte[] are reference types here; the others are structs.
        bool isReference = k is ValueKind.String or ValueKind.Blob;
        string name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualifiedNoNullable);
        return new ScalarType(k.Value, name, false, nullable, isReference, oblivious);
    }

    private static bool IsEnumAsText(AttributeData a) =>
        a.AttributeClass is { Name: EnumAsText } c && c.ContainingNamespace?.ToDisplayString() == "Holon.Data";

    /// <summary>The project-wide default: <c>[assembly: EnumAsText]</c> on the assembly being compiled.</summary>
    public static bool EnumsAsTextByDefault(IAssemblySymbol assembly) => Setting(assembly.GetAttributes()) ?? false;

    /// <summary>
    /// What [EnumAsText] on the symbol says (true, or false for <c>[EnumAsText(false)]</c>); null when it has none.
    /// For a positional record, the attribute may sit on the property or on its primary-constructor parameter.
    /// </summary>
    private static bool? EnumAsTextOn(ISymbol symbol)
    {
        if (Setting(symbol.GetAttributes()) is { } own) return own;
        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } ctor } parameter)
            return ctor.ContainingType.GetMembers(parameter.Name).OfType<IPropertySymbol>().Select(p => Setting(p.GetAttributes()))
                .FirstOrDefault(x => x is not null);
        if (symbol is not IPropertySymbol property) return null;
        return property.ContainingType.InstanceConstructors.SelectMany(c => c.Parameters).Where(p => p.Name == property.Name)
            .Select(p => Setting(p.GetAttributes())).FirstOrDefault(x => x is not null);
    }

    private static bool? Setting(IEnumerable<AttributeData> attributes)
    {
        var a = attributes.FirstOrDefault(IsEnumAsText);
        if (a is null) return null;
        return a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is bool enabled ? enabled : true;
    }

    private static EnumText Text(INamedTypeSymbol enumType, string enumName)
    {
        var names = new List<EnumName>();
        var written = new HashSet<object>();
        foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (!field.HasConstantValue || field.ConstantValue is null) continue;
            names.Add(new EnumName(field.Name, Names.Identifier(field.Name), written.Add(field.ConstantValue)));
        }
        var stem = new StringBuilder();
        foreach (char c in enumName.Replace("global::", "")) stem.Append(char.IsLetterOrDigit(c) ? c : '_');
        return new EnumText(stem.ToString(), names.ToEquatableArray());
    }

    /// <summary>
    /// PostgreSQL arrays: <c>T[]</c> or <c>List&lt;T&gt;</c> of a scalar other than byte (byte[] is bytea), and with
    /// <paramref name="readOnlyList"/> (result members) <c>IReadOnlyList&lt;T&gt;</c>, read as a T[].
    /// </summary>
    public static ScalarType? ClassifyCollection(ITypeSymbol type, bool readOnlyList = false)
    {
        ITypeSymbol? readOnlyElement = null;
        bool isReadOnly = readOnlyList && IsGeneric(type, "System.Collections.Generic", "IReadOnlyList`1", out readOnlyElement);
        ITypeSymbol? element = type switch
        {
            _ when isReadOnly => readOnlyElement,
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true } named when IsGeneric(named, "System.Collections.Generic", "List`1", out var arg) => arg,
            _ => null,
        };
        if (element is null || element.SpecialType == SpecialType.System_Byte) return null;
        if (Classify(element) is not { IsEnum: false, Conversion: null } scalar || !ArrayElementKind(scalar.Kind)) return null;
        bool nullable = type.NullableAnnotation != NullableAnnotation.NotAnnotated;
        bool oblivious = type.NullableAnnotation == NullableAnnotation.None;
        string name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualifiedNoNullable);
        string? storedAs = isReadOnly ? element.ToDisplayString(FullyQualifiedNoNullable) + "[]" : null;
        bool elementsNotNull = scalar.IsReferenceType && element.NullableAnnotation == NullableAnnotation.NotAnnotated;
        return new ScalarType(scalar.Kind, name, false, nullable, true, oblivious, IsCollection: true, StoredAs: storedAs,
            ElementsNotNull: elementsNotNull);
    }

    /// <summary>Element types Npgsql writes as a PostgreSQL array of the matching type.</summary>
    private static bool ArrayElementKind(ValueKind kind) => kind is ValueKind.Boolean or ValueKind.Int16 or ValueKind.Int32
        or ValueKind.Int64 or ValueKind.Single or ValueKind.Double or ValueKind.Decimal or ValueKind.String or ValueKind.Guid
        or ValueKind.DateTime or ValueKind.DateOnly or ValueKind.TimeOnly or ValueKind.TimeSpan;

    private static ValueKind? Special(SpecialType special) => special switch
    {
        SpecialType.System_Boolean => ValueKind.Boolean,
        SpecialType.System_Byte => ValueKind.Byte,
        SpecialType.System_SByte => ValueKind.SByte,
        SpecialType.System_Int16 => ValueKind.Int16,
        SpecialType.System_UInt16 => ValueKind.UInt16,
        SpecialType.System_Int32 => ValueKind.Int32,
        SpecialType.System_UInt32 => ValueKind.UInt32,
        SpecialType.System_Int64 => ValueKind.Int64,
        SpecialType.System_UInt64 => ValueKind.UInt64,
        SpecialType.System_IntPtr => ValueKind.NInt,
        SpecialType.System_UIntPtr => ValueKind.NUInt,
        SpecialType.System_Single => ValueKind.Single,
        SpecialType.System_Double => ValueKind.Double,
        SpecialType.System_Decimal => ValueKind.Decimal,
        SpecialType.System_String => ValueKind.String,
        SpecialType.System_Char => ValueKind.Char,
        SpecialType.System_DateTime => ValueKind.DateTime,
        _ => null,
    };

    public static bool IsType(ITypeSymbol? type, string ns, string metadataName) =>
        type is INamedTypeSymbol named && named.MetadataName == metadataName && named.ContainingNamespace?.ToDisplayString() == ns;

    public static bool IsGeneric(ITypeSymbol type, string ns, string metadataName, out ITypeSymbol argument)
    {
        if (type is INamedTypeSymbol { IsGenericType: true } named && named.OriginalDefinition.MetadataName == metadataName
            && named.ContainingNamespace?.ToDisplayString() == ns)
        {
            argument = named.TypeArguments[0];
            return true;
        }
        argument = null!;
        return false;
    }
}
