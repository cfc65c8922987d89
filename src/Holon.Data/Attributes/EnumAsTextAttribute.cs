namespace Holon.Data;

/// <summary>
/// Stores an enum as its name (TEXT) instead of its integer value. Put it on the enum type to store every use of it
/// that way, or on one property, record or constructor parameter, or method parameter of a generated method; or on
/// the assembly (<c>[assembly: EnumAsText]</c>) to make it the default for every enum that the assembly's generated
/// methods read or write.
/// </summary>
/// <remarks>
/// <para>
/// The nearest setting wins: the member or parameter, then the enum type, then the assembly. <c>[EnumAsText(false)]</c>
/// opts one enum or member back out, to its integer value, under a type or assembly default.
/// </para>
/// <para>
/// Generated code writes the member's name exactly as declared and reads names back ignoring case. A value with no
/// name of its own (an undefined value, or a combination of <see cref="FlagsAttribute"/> members) cannot be written,
/// and a column holding anything but one of the names (other text, an integer, NULL for a non-nullable member) cannot
/// be read: both throw, naming the method, and for reads the column, the member and the value. The name-to-value
/// conversion is a generated switch, so it needs no reflection (trimming and Native AOT are safe). Renaming an enum
/// member changes what is stored: existing rows then fail to read, loudly, until they are migrated.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Enum | AttributeTargets.Property | AttributeTargets.Field
    | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class EnumAsTextAttribute : Attribute
{
    /// <summary>Stores the enum as its name.</summary>
    public EnumAsTextAttribute()
        : this(true)
    {
    }

    /// <summary>Stores the enum as its name when <paramref name="enabled"/>; as its integer value when false.</summary>
    /// <param name="enabled">False opts out of a default set on the enum type or the assembly.</param>
    public EnumAsTextAttribute(bool enabled)
    {
        Enabled = enabled;
    }

    /// <summary>True to store names, false to store integer values.</summary>
    public bool Enabled { get; }
}
