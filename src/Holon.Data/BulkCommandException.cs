namespace Holon.Data;

/// <summary>
/// One element of a bulk [Command] failed, so nothing of the batch was written (the batch runs in one transaction,
/// or in a savepoint of the caller's, rolled back before this is thrown). The message names the method, the SQL and
/// the element's index; <see cref="Exception.InnerException"/> is the original error (a SqliteException, an
/// NpgsqlStatementException, or an ArgumentNullException for a null element or member).
/// </summary>
public sealed class BulkCommandException : Exception
{
    /// <summary>Creates the error for element <paramref name="index"/> of <paramref name="origin"/>'s rows.</summary>
    public BulkCommandException(string origin, string sql, int index, Exception innerException)
        : base($"{origin}: element {index} of the bulk command failed, so no element was written: {innerException.Message} SQL: {sql}",
            innerException)
    {
        Origin = origin;
        Sql = sql;
        Index = index;
    }

    /// <summary>The generated method, as <c>Namespace.Type.Method</c>.</summary>
    public string Origin { get; }

    /// <summary>The statement run for each element.</summary>
    public string Sql { get; }

    /// <summary>The zero-based position of the failing element in the rows passed.</summary>
    public int Index { get; }
}
