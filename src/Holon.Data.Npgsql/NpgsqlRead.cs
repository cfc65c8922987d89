using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// Typed column reads for generated code: Npgsql's <see cref="NpgsqlDataReader.GetFieldValue{T}(int)"/> (no boxing,
/// never <c>GetValue</c> and a cast), with the NULL rule of the SQLite backend: NULL into a non-nullable member
/// throws, naming the column, the member, the method and the SQL.
/// </summary>
public static class NpgsqlRead
{
    /// <summary>Resolves a column's ordinal (once per execution, before the first row is read).</summary>
    /// <param name="reader">The open reader.</param>
    /// <param name="column">The column name the member maps to (<c>snake_case</c> as in the SQL).</param>
    /// <param name="method">The generated method, as <c>Type.Method</c>, for the error.</param>
    /// <param name="sql">The SQL, for the error.</param>
    /// <exception cref="InvalidOperationException">The result has no such column; the message lists those it has.</exception>
    public static int Ordinal(NpgsqlDataReader reader, string column, string method, string sql)
    {
        for (int i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase)) return i;
        }
        var columns = new string[reader.FieldCount];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        throw new InvalidOperationException(
            $"{method}: the result has no column '{column}' (it has: {string.Join(", ", columns)}). SQL: {sql}");
    }

    /// <summary>Reads a column into a non-nullable member.</summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="reader">The reader, positioned on a row.</param>
    /// <param name="ordinal">The column's ordinal.</param>
    /// <param name="member">The member (property, constructor parameter, tuple element) being filled, for the error.</param>
    /// <param name="method">The generated method, for the error.</param>
    /// <param name="sql">The SQL, for the error.</param>
    /// <exception cref="InvalidCastException">The column is NULL.</exception>
    public static T Required<T>(NpgsqlDataReader reader, int ordinal, string member, string method, string sql) =>
        reader.IsDBNull(ordinal) ? throw NullInto<T>(reader, ordinal, member, method, sql) : reader.GetFieldValue<T>(ordinal);

    /// <summary>Reads a column into a nullable reference member: NULL gives null.</summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="reader">The reader, positioned on a row.</param>
    /// <param name="ordinal">The column's ordinal.</param>
    public static T? OrNull<T>(NpgsqlDataReader reader, int ordinal) where T : class =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    /// <summary>Reads a column into a <see cref="Nullable{T}"/> member: NULL gives null.</summary>
    /// <typeparam name="T">The underlying value type.</typeparam>
    /// <param name="reader">The reader, positioned on a row.</param>
    /// <param name="ordinal">The column's ordinal.</param>
    public static T? ValueOrNull<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    static InvalidCastException NullInto<T>(NpgsqlDataReader reader, int ordinal, string member, string method, string sql) =>
        new($"{method}: column '{reader.GetName(ordinal)}' is NULL, which cannot be read into non-nullable member "
            + $"'{member}' ({typeof(T).Name}). Make the member nullable or filter the NULLs. SQL: {sql}");
}
