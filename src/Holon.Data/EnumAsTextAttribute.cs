namespace Holon.Data;

/// <summary>
/// Stores an enum as its name (TEXT) instead of its integer value. Put it on the enum type to store every use of it
/// that way, or on one property, record or constructor parameter, or method parameter of a generated method.
/// </summary>
/// <remarks>
/// Generated code writes the member's name exactly as declared and reads names back ignoring case. A value with no
/// name of its own (an undefined value, or a combination of <see cref="FlagsAttribute"/> members) cannot be written,
/// and a column holding anything but one of the names (other text, an integer, NULL for a non-nullable member) cannot
/// be read: both throw, naming the method, and for reads the column, the member and the value. The name-to-value
/// conversion is a generated switch, so it needs no reflection (trimming and Native AOT are safe). Renaming an enum
/// member changes what is stored: existing rows then fail to read, loudly, until they are migrated.
/// </remarks>
[AttributeUsage(AttributeTargets.Enum | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter,
    AllowMultiple = false, Inherited = false)]
public sealed class EnumAsTextAttribute : Attribute
{
}
