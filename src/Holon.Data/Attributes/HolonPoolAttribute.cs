namespace Holon.Data;

/// <summary>
/// Chooses the pool that generated <c>[Query]</c>, <c>[Command]</c> and <c>[Watch]</c> methods rent from when their
/// type has more than one: put it on that field, property or primary-constructor parameter. A type with exactly one
/// pool needs no attribute; with several and none marked, the generator reports HOLON013 instead of guessing.
/// </summary>
/// <example><code>
/// public sealed partial class Notes(SqlitePool archive, [HolonPool] SqlitePool main) { ... }
/// </code></example>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class HolonPoolAttribute : Attribute
{
}
