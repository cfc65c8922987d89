namespace Holon.Data;

/// <summary>
/// Binds and reads a type through a converter, a type implementing <see cref="ISqlConverter{TModel, TStore}"/>.
/// </summary>
/// <remarks>
/// <para>
/// On a type: every use of it (parameter, member, scalar result, list element). On a property, field, constructor
/// parameter or method parameter: that use only. On the assembly (<c>[assembly: SqlConverter(typeof(T))]</c>): every use
/// of the converter's model type in the assembly's generated methods. The nearest one wins: the use, then the type,
/// then the assembly. A converter also overrides the single-value wrapper rule (a type with one public constructor
/// parameter and a matching property binds as that value without any attribute).
/// </para>
/// <para>
/// The converter's model type must be the type used (or the <c>T</c> of a <c>T?</c> use); another is a compile error
/// at the attribute (HOLON040).
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Property
    | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = true, Inherited = false)]
public sealed class SqlConverterAttribute : Attribute
{
    /// <summary>Uses <paramref name="converterType"/> to bind and read the value.</summary>
    /// <param name="converterType">A type implementing <see cref="ISqlConverter{TModel, TStore}"/>.</param>
    public SqlConverterAttribute(Type converterType)
    {
        ConverterType = converterType;
    }

    /// <summary>The converter type.</summary>
    public Type ConverterType { get; }
}
