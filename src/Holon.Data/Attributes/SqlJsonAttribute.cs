namespace Holon.Data;

/// <summary>
/// Stores a value as a JSON document in one column: TEXT on SQLite, <c>jsonb</c> on PostgreSQL. Put it on a property,
/// field, record or constructor parameter, or a method parameter of a generated method, for that use only; or on a
/// class, struct or record, for every use of that type as a parameter, a member or a scalar result.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ContextType"/> is a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> of the
/// System.Text.Json source generator whose <c>[JsonSerializable]</c> types include the stored type (or reach it). The
/// generated code serializes and deserializes through that context's <c>JsonTypeInfo&lt;T&gt;</c>, never through
/// reflection, so trimming and Native AOT are safe. A context that cannot serialize the type is a compile error that
/// names both.
/// </para>
/// <para>
/// A NULL column reads as null into a nullable member and throws for a non-nullable one, as any NULL does; a null
/// value binds NULL. A JSON <c>null</c> document read into a non-nullable member throws too. A row whose column holds
/// text that is not a JSON document of the type throws, naming the column, the member, the method and the SQL.
/// </para>
/// <para>The member's setting wins over the type's.</para>
/// </remarks>
/// <example>
/// <code>
/// [JsonSerializable(typeof(Settings))]
/// internal partial class AppJson : JsonSerializerContext { }
///
/// public sealed record User(long Id, [SqlJson(typeof(AppJson))] Settings Settings);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Class
    | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class SqlJsonAttribute : Attribute
{
    /// <summary>Stores the value as JSON through <paramref name="contextType"/>'s type information.</summary>
    /// <param name="contextType">A <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> that serializes the stored type.</param>
    public SqlJsonAttribute(Type contextType)
    {
        ContextType = contextType;
    }

    /// <summary>The <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> whose type information is used.</summary>
    public Type ContextType { get; }
}
