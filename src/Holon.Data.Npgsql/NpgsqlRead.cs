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

    /// <summary>
    /// The column of result member <paramref name="member"/>, matched ignoring case and underscores (<c>customer_id</c>
    /// fills <c>CustomerId</c>); -1 when it is missing and not <paramref name="required"/>, else an error naming the
    /// member, the method, the columns there are and the SQL. Called once per execution, before the first row.
    /// </summary>
    public static int Column(NpgsqlDataReader reader, string member, bool required, string method, string sql)
    {
        for (int i = 0; i < reader.FieldCount; i++)
        {
            if (SameName(reader.GetName(i), member)) return i;
        }
        if (!required) return -1;
        var columns = new string[reader.FieldCount];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        throw new InvalidOperationException(
            $"{method}: the result has no column for member '{member}' (it has: {string.Join(", ", columns)}). SQL: {sql}");
    }

    /// <summary>Checks that a tuple result, read by position, has at least <paramref name="count"/> columns.</summary>
    public static void Columns(NpgsqlDataReader reader, int count, string method, string sql)
    {
        if (reader.FieldCount < count)
            throw new InvalidOperationException($"{method}: the tuple needs {count} columns but the result has {reader.FieldCount}. SQL: {sql}");
    }

    /// <summary>The error for a method that returns exactly one row when the result is empty.</summary>
    public static InvalidOperationException NoRow(string method, string sql) =>
        new($"{method}: the query returned no row, but the method's non-nullable result needs exactly one. SQL: {sql}");

    /// <summary>The error for a method that returns exactly one row when the result has more.</summary>
    public static InvalidOperationException MoreThanOneRow(string method, string sql) =>
        new($"{method}: the query returned more than one row, but the method's result is one value. SQL: {sql}");

    /// <summary>
    /// Advances a streamed result, wrapping a failure like every other generated call: an async iterator cannot put
    /// its <c>yield return</c> inside a try/catch, so the wrapping sits here, around each step.
    /// </summary>
    public static async ValueTask<bool> ReadAsync(NpgsqlDataReader reader, string method, string sql, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, method, sql);
        }
    }

    static bool SameName(string column, string member)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < column.Length && column[i] == '_') i++;
            while (j < member.Length && member[j] == '_') j++;
            if (i == column.Length || j == member.Length) return i == column.Length && j == member.Length;
            if (char.ToLowerInvariant(column[i]) != char.ToLowerInvariant(member[j])) return false;
            i++;
            j++;
        }
    }

    static InvalidCastException NullInto<T>(NpgsqlDataReader reader, int ordinal, string member, string method, string sql) =>
        new($"{method}: column '{reader.GetName(ordinal)}' is NULL, which cannot be read into non-nullable member "
            + $"'{member}' ({typeof(T).Name}). Make the member nullable or filter the NULLs. SQL: {sql}");
}
