using System.ComponentModel;

namespace Holon.Data.Generated;

/// <summary>
/// Errors thrown by code that Holon.Gen generates. They live here, once, so each generated body stays one short
/// line per check; every message names the calling method (<c>origin</c>) and, where it helps, the SQL.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedErrors
{
    /// <summary>A non-nullable reference argument (or member of one) was null: a caller bug, never a silent SQL NULL.</summary>
    public static ArgumentNullException NullArgument(string parameter, string expression, string sqlName, string origin)
        => new(parameter, $"{origin}: '{expression}' is null but not declared nullable (it binds {sqlName}).");

    /// <summary>A method returning exactly one row got none.</summary>
    public static InvalidOperationException NoRow(string origin, string sql)
        => new($"{origin} expects exactly one row, but its SQL returned none: {sql}");

    /// <summary>A method returning exactly one row got a second one.</summary>
    public static InvalidOperationException MoreThanOneRow(string origin, string sql)
        => new($"{origin} expects exactly one row, but its SQL returned more than one: {sql}");

    /// <summary>
    /// A [Command] with a single-row shape got a second row: its savepoint is rolled back, so nothing it did stays.
    /// </summary>
    public static InvalidOperationException MoreThanOneRowRolledBack(string origin, string sql, bool allowsNone)
        => new($"{origin} expects {(allowsNone ? "at most" : "exactly")} one row, but its SQL returned more than one; " +
            $"everything it changed was rolled back: {sql}");

    /// <summary>An enum stored as text ([EnumAsText]) got a value with no name of its own: undefined, or a combination of flags.</summary>
    public static ArgumentOutOfRangeException UnnamedEnumValue(string expression, string sqlName, string enumType, long value, string origin)
        => new(expression, value, $"{origin}: '{expression}' is {value} (it binds {sqlName}), which is no single name of {enumType}; " +
                                  "an enum stored as text ([EnumAsText]) can only store its declared names.");

    /// <summary>A tuple is read by position, and the statement returns fewer columns than it has elements.</summary>
    public static InvalidOperationException TooFewColumns(string origin, int elements, int columns, string sql)
        => new($"{origin} maps {elements} columns by position into a tuple, but its SQL returns {columns}: {sql}");
}

/// <summary>
/// Turns an exception caught in a synchronous body into the task an <c>async</c> method would have returned:
/// canceled for <see cref="OperationCanceledException"/>, faulted otherwise. Generated Task and ValueTask methods
/// that run on a lease they already hold use it, so a SQL error reaches the caller through the task, never as a
/// synchronous throw.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedTasks
{
    /// <summary>A completed <see cref="Task"/> carrying <paramref name="exception"/>.</summary>
    public static Task FromException(Exception exception) => FromException<bool>(exception);

    /// <summary>A completed <see cref="Task{TResult}"/> carrying <paramref name="exception"/>.</summary>
    public static Task<T> FromException<T>(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException canceled)
        {
            var source = new TaskCompletionSource<T>();
            source.SetCanceled(canceled.CancellationToken);
            return source.Task;
        }
        return Task.FromException<T>(exception);
    }
}
