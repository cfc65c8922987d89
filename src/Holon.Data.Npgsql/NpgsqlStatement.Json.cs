using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Holon.Data.Generated;
using Npgsql;
using NpgsqlTypes;

namespace Holon.Data.Npgsql;

// JSON columns ([SqlJson]): a value travels as jsonb, serialized to UTF-8 through the context's JsonTypeInfo<T>
// (never reflection), and is read back from the column's text, so json and text columns read too.
public sealed partial class NpgsqlStatement
{
    /// <summary>Binds <paramref name="value"/> as a <c>jsonb</c> parameter; a null value binds a <c>jsonb</c> NULL.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public void BindJson<T>(int slot, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (value is null)
        {
            BindNullJson(slot);
            return;
        }
        // Npgsql keeps the parameter until the command runs, so the document is one array of its own.
        Set(slot, new NpgsqlParameter<byte[]> { TypedValue = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    /// <summary>Binds a <c>jsonb</c> NULL to <paramref name="slot"/>.</summary>
    public void BindNullJson(int slot) =>
        Set(slot, new NpgsqlParameter<byte[]?> { TypedValue = null, NpgsqlDbType = NpgsqlDbType.Jsonb });

    /// <summary>
    /// Reads the column's JSON as a <typeparamref name="T"/>. NULL throws naming the column, the member, the method and
    /// the SQL; so does the JSON document <c>null</c>.
    /// </summary>
    /// <exception cref="InvalidCastException">NULL, or text that is not a JSON document of the type.</exception>
    public T GetJson<T>(int ordinal, string member, JsonTypeInfo<T> typeInfo)
    {
        if (!TryReadJson(ordinal, member, typeInfo, out var value)) throw NullColumn(ordinal, member);
        return value ?? throw JsonColumns.JsonNull(Where(ordinal, member), typeof(T), Sql);
    }

    /// <summary>Like <see cref="GetJson{T}"/>, but NULL (and the JSON document <c>null</c>) gives null.</summary>
    /// <exception cref="InvalidCastException">Text that is not a JSON document of the type.</exception>
    public T? GetJsonOrNull<T>(int ordinal, string member, JsonTypeInfo<T> typeInfo) where T : class
        => TryReadJson(ordinal, member, typeInfo, out var value) ? value : null;

    /// <summary>Like <see cref="GetJson{T}"/> for a <see cref="Nullable{T}"/> member: NULL gives null.</summary>
    /// <exception cref="InvalidCastException">Text that is not a JSON document of the type.</exception>
    public T? GetJsonValueOrNull<T>(int ordinal, string member, JsonTypeInfo<T> typeInfo) where T : struct
        => TryReadJson(ordinal, member, typeInfo, out var value) ? value : null;

    private bool TryReadJson<T>(int ordinal, string member, JsonTypeInfo<T> typeInfo, out T? value)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var reader = Executed();
        if (reader.IsDBNull(ordinal))
        {
            value = default;
            return false;
        }

        string text = Field<string>(reader, ordinal, member);
        try
        {
            value = JsonSerializer.Deserialize(text, typeInfo);
            return true;
        }
        catch (JsonException e)
        {
            throw JsonColumns.InvalidJson(Where(ordinal, member), "'" + JsonColumns.Shorten(text) + "'", typeof(T), e, Sql);
        }
    }

    /// <summary>"Column 'c' (jsonb, member 'M') of Ns.Type.Method", as the other column errors name it (without a member: positional reads).</summary>
    private string Where(int ordinal, string? member)
    {
        var reader = Executed();
        string what = member is null ? "" : $", member '{member}'";
        return $"Column '{reader.GetName(ordinal)}' ({reader.GetDataTypeName(ordinal)}{what}) of {Origin}";
    }
}
