using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Holon.Data.Generated;

/// <summary>
/// What code generated for <see cref="SqlJsonAttribute"/> shares on every backend: the type information it caches
/// once per stored type, and the errors of a JSON column. Serialization goes through a
/// <see cref="JsonTypeInfo{T}"/> of the user's <see cref="JsonSerializerContext"/> only, never through reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonColumns
{
    /// <summary>
    /// The type information <paramref name="context"/> has for <typeparamref name="T"/>. Generated code keeps it in a
    /// static field; the build has already checked that the context serializes the type.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no type information for <typeparamref name="T"/>; the message names both.</exception>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetTypeInfo(typeof(T)) is JsonTypeInfo<T> info) return info;
        throw new InvalidOperationException(
            $"The JSON context {context.GetType().FullName} has no type information for {typeof(T).FullName}; " +
            $"add [JsonSerializable(typeof({typeof(T).Name}))] to it.");
    }

    /// <summary>
    /// The error for a column whose text is not a JSON document of <paramref name="type"/>: names the column, the
    /// member, the method and the SQL, and carries the serializer's own error (which says where the text went wrong).
    /// </summary>
    /// <param name="where">"Column 'c' (member 'M') of Ns.Type.Method", as the backend words it.</param>
    /// <param name="value">The value as the backend's other conversion errors show it, shortened.</param>
    /// <param name="type">The stored type.</param>
    /// <param name="error">The serializer's error.</param>
    /// <param name="sql">The statement's SQL.</param>
    public static InvalidCastException InvalidJson(string where, string value, Type type, JsonException error, string sql)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(error);
        return new($"{where} holds {value}, which is not a JSON document of {type.Name}: {error.Message} SQL: {sql}", error);
    }

    /// <summary>The error for a JSON <c>null</c> document read into a member that is not nullable.</summary>
    public static InvalidCastException JsonNull(string where, Type type, string sql)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new($"{where} holds the JSON document null, but the member ({type.Name}) is not nullable. SQL: {sql}");
    }

    /// <summary>The value shown in a JSON column's error: its first 80 characters, as other conversion errors show text.</summary>
    internal static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
