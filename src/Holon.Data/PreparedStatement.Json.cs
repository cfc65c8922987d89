using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Holon.Data.Generated;
using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

// JSON columns ([SqlJson]): a value is stored as its JSON text (TEXT, UTF-8). Binding serializes into a per-thread
// buffer that SQLite copies; reading deserializes straight from the column's UTF-8 bytes. Both go through the
// context's JsonTypeInfo<T>, never reflection. A BLOB holding UTF-8 JSON reads too; numbers are not JSON text.
public sealed partial class PreparedStatement
{
    /// <summary>Binds <paramref name="value"/> as its JSON text; a null value binds NULL.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public void BindJson<T>(int slot, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (value is null)
        {
            BindNull(slot);
            return;
        }

        int index = Index(slot);
        var buffer = JsonUtf8Buffer.Rent();
        try
        {
            var utf8 = buffer.Write(value, typeInfo);
            if (utf8.Length > KeepBoundLimit) _clearBindingsOnEnd = true;
            Check(SqliteText.BindUtf8(_stmt, index, utf8, _direct), slot);
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <summary>
    /// Reads the column's JSON text as a <typeparamref name="T"/>. NULL throws the <see cref="NullColumn"/> error
    /// naming <paramref name="member"/>; so does the JSON document <c>null</c>.
    /// </summary>
    /// <exception cref="InvalidCastException">NULL, or text that is not a JSON document of the type; the message names column, member, method and SQL.</exception>
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

    /// <summary>False for NULL; otherwise the deserialized value (null for the document <c>null</c>).</summary>
    private bool TryReadJson<T>(int ordinal, string member, JsonTypeInfo<T> typeInfo, out T? value)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        EnsureInUse();
        int type = NativeColumnType(ordinal);
        if (type == raw.SQLITE_NULL)
        {
            value = default;
            return false;
        }

        if (type is not (raw.SQLITE_TEXT or raw.SQLITE_BLOB)) throw NotConvertible(ordinal, type, member, "JSON text of " + typeof(T).Name);
        try
        {
            value = JsonSerializer.Deserialize(NativeColumnBytes(ordinal), typeInfo);
            return true;
        }
        catch (JsonException e)
        {
            throw JsonColumns.InvalidJson(Where(ordinal, member), Value(ordinal, type), typeof(T), e, Sql);
        }
    }
}
