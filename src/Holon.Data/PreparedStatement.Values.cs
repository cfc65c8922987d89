namespace Holon.Data;

public sealed partial class PreparedStatement
{
    /// <summary>Binds arguments positionally (slot <c>i</c> ← <c>args[i]</c>), choosing the bind by the value's runtime type.</summary>
    public void BindAll(params ReadOnlySpan<object?> args)
    {
        for (int i = 0; i < args.Length; i++) BindValue(i, args[i]);
    }

    /// <summary>Binds a value by its runtime type (null and <see cref="DBNull"/> bind NULL; enums bind their integer value).</summary>
    /// <exception cref="ArgumentException">The type has no SQLite representation.</exception>
    public void BindValue(int slot, object? value)
    {
        switch (value)
        {
            case null: case DBNull: BindNull(slot); break;
            case string v: BindText(slot, v); break;
            case long v: BindInt64(slot, v); break;
            case int v: BindInt64(slot, v); break;
            case short v: BindInt64(slot, v); break;
            case sbyte v: BindInt64(slot, v); break;
            case byte v: BindInt64(slot, v); break;
            case ushort v: BindInt64(slot, v); break;
            case uint v: BindInt64(slot, v); break;
            case ulong v: BindInt64(slot, unchecked((long)v)); break;
            case bool v: BindBoolean(slot, v); break;
            case double v: BindDouble(slot, v); break;
            case float v: BindDouble(slot, v); break;
            case decimal v: BindDecimal(slot, v); break;
            case char v: BindChar(slot, v); break;
            case byte[] v: BindBlob(slot, v); break;
            case ReadOnlyMemory<byte> v: BindBlob(slot, v.Span); break;
            case Memory<byte> v: BindBlob(slot, v.Span); break;
            case Guid v: BindGuid(slot, v); break;
            case DateTime v: BindDateTime(slot, v); break;
            case DateTimeOffset v: BindDateTimeOffset(slot, v); break;
            case DateOnly v: BindDateOnly(slot, v); break;
            case TimeOnly v: BindTimeOnly(slot, v); break;
            case TimeSpan v: BindTimeSpan(slot, v); break;
            case Enum v: BindInt64(slot, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"Cannot bind a {value.GetType()} ({Parameter(slot)} of {Origin}); SQLite stores integers, reals, text and blobs.", nameof(value));
        }
    }

    /// <summary>Reads a column as <typeparamref name="T"/> (the typed getters, chosen by type; nullable types read NULL as null).</summary>
    public T GetValue<T>(int ordinal)
    {
        var type = typeof(T);
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null || !type.IsValueType)
        {
            if (IsNull(ordinal)) return default!;
        }

        return (T)GetValue(ordinal, underlying ?? type);
    }

    private object GetValue(int ordinal, Type type)
    {
        if (type == typeof(string)) return GetString(ordinal);
        if (type == typeof(long)) return GetInt64(ordinal);
        if (type == typeof(int)) return GetInt32(ordinal);
        if (type == typeof(double)) return GetDouble(ordinal);
        if (type == typeof(bool)) return GetBoolean(ordinal);
        if (type == typeof(byte[])) return GetBlob(ordinal);
        if (type == typeof(short)) return GetInt16(ordinal);
        if (type == typeof(byte)) return GetByte(ordinal);
        if (type == typeof(sbyte)) return GetSByte(ordinal);
        if (type == typeof(ushort)) return GetUInt16(ordinal);
        if (type == typeof(uint)) return GetUInt32(ordinal);
        if (type == typeof(ulong)) return GetUInt64(ordinal);
        if (type == typeof(float)) return GetSingle(ordinal);
        if (type == typeof(decimal)) return GetDecimal(ordinal);
        if (type == typeof(char)) return GetChar(ordinal);
        if (type == typeof(Guid)) return GetGuid(ordinal);
        if (type == typeof(DateTime)) return GetDateTime(ordinal);
        if (type == typeof(DateTimeOffset)) return GetDateTimeOffset(ordinal);
        if (type == typeof(DateOnly)) return GetDateOnly(ordinal);
        if (type == typeof(TimeOnly)) return GetTimeOnly(ordinal);
        if (type == typeof(TimeSpan)) return GetTimeSpan(ordinal);
        if (type.IsEnum) return Enum.ToObject(type, GetInt64(ordinal));
        if (type == typeof(object)) return GetObject(ordinal);
        throw new InvalidCastException($"Cannot read a column as {type} ({Origin}). SQL: {Sql}");
    }

    private object GetObject(int ordinal) => NativeColumnType(ordinal) switch
    {
        SQLitePCL.raw.SQLITE_INTEGER => GetInt64(ordinal),
        SQLitePCL.raw.SQLITE_FLOAT => GetDouble(ordinal),
        SQLitePCL.raw.SQLITE_BLOB => GetBlob(ordinal),
        _ => GetString(ordinal),
    };
}
