using Holon.Data.Generated;
using Npgsql;

namespace Holon.Data.Npgsql;

public sealed partial class NpgsqlStatement
{
    /// <summary>Whether the column is NULL on the current row.</summary>
    public bool IsNull(int ordinal) => Executed().IsDBNull(ordinal);

    /// <summary>Reads a column into a non-nullable member: NULL throws naming the column, the member, the method and the SQL.</summary>
    /// <exception cref="InvalidCastException">The column is NULL, or its type cannot be read as <typeparamref name="T"/>.</exception>
    public T Get<T>(int ordinal, string member)
    {
        var reader = Executed();
        if (reader.IsDBNull(ordinal)) throw NullColumn(ordinal, member);
        return Field<T>(reader, ordinal, member);
    }

    /// <summary>Reads a column into a nullable reference member: NULL gives null.</summary>
    public T? GetOrNull<T>(int ordinal, string member) where T : class
    {
        var reader = Executed();
        return reader.IsDBNull(ordinal) ? null : Field<T>(reader, ordinal, member);
    }

    /// <summary>Reads a column into a <see cref="Nullable{T}"/> member: NULL gives null.</summary>
    public T? GetValueOrNull<T>(int ordinal, string member) where T : struct
    {
        var reader = Executed();
        return reader.IsDBNull(ordinal) ? null : Field<T>(reader, ordinal, member);
    }

    /// <summary>
    /// For an enum stored as its name ([EnumAsText]): the index in <paramref name="names"/> of the column's text,
    /// exact spelling first, then ignoring case. NULL throws like <see cref="Get{T}"/>.
    /// </summary>
    /// <exception cref="InvalidCastException">NULL, or text that is none of the names.</exception>
    public int GetEnumName(int ordinal, string member, string enumType, string[] names)
    {
        int index = GetEnumNameOrNull(ordinal, member, enumType, names);
        return index >= 0 ? index : throw NullColumn(ordinal, member);
    }

    /// <summary>Like <see cref="GetEnumName"/>, but -1 for NULL.</summary>
    public int GetEnumNameOrNull(int ordinal, string member, string enumType, string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var reader = Executed();
        if (reader.IsDBNull(ordinal)) return -1;
        string text = Field<string>(reader, ordinal, member);
        int exact = Array.IndexOf(names, text);
        if (exact >= 0) return exact;
        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(text, names[i], StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new InvalidCastException(
            $"Column '{reader.GetName(ordinal)}' of {Origin} holds '{text}', which is no name of {enumType} ({string.Join(", ", names)}) " +
            $"for member '{member}'. SQL: {Sql}");
    }

    /// <summary>
    /// For an array column read into a collection of non-nullable strings: the values as they are, or an error naming
    /// the column, its type, the member, the method and the SQL when one element is NULL.
    /// </summary>
    /// <exception cref="InvalidCastException">An element is NULL.</exception>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(values))]
    public T? NoNullElements<T>(T? values, int ordinal, string member) where T : class, IEnumerable<string?>
    {
        if (values is null) return null;
        int index = 0;
        foreach (string? value in values)
        {
            if (value is null)
            {
                var reader = Executed();
                throw new InvalidCastException(
                    $"Column '{reader.GetName(ordinal)}' ({reader.GetDataTypeName(ordinal)}) of {Origin} holds NULL at element {index + 1}, " +
                    $"which member '{member}' ({typeof(T).Name}) does not admit: declare its elements nullable (string?). SQL: {Sql}");
            }
            index++;
        }
        return values;
    }

    /// <summary>The exception generated code throws when a non-nullable member meets a NULL column.</summary>
    public Exception NullColumn(int ordinal, string member) => ResultColumns.NullColumn(Origin, Executed().GetName(ordinal), member, Sql);

    private T Field<T>(NpgsqlDataReader reader, int ordinal, string member)
    {
        try
        {
            return reader.GetFieldValue<T>(ordinal);
        }
        catch (InvalidCastException e)
        {
            throw new InvalidCastException(
                $"Column '{reader.GetName(ordinal)}' ({reader.GetDataTypeName(ordinal)}) of {Origin} cannot be read into member " +
                $"'{member}' ({typeof(T).Name}): {e.Message} SQL: {Sql}", e);
        }
    }
}
