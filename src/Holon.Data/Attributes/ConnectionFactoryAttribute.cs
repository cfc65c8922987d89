namespace Holon.Data;

/// <summary>
/// Marks a method, property, constructor or type as a sanctioned place to create database connections
/// directly, so analyzer HOLON100 does not report it there. Use it for the one factory that must hand
/// out raw connections (for example migrations or backup tooling); everything else rents a
/// <c>ConnectionLease</c> from a <c>SqlitePool</c>.
/// </summary>
[AttributeUsage(
    AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Constructor | AttributeTargets.Class | AttributeTargets.Struct,
    Inherited = false)]
public sealed class ConnectionFactoryAttribute : Attribute;
