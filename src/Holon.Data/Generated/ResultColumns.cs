using System.ComponentModel;
using Holon.Data.Internal;

namespace Holon.Data.Generated;

/// <summary>
/// Maps result members to columns for every backend's generated code, so SQLite and PostgreSQL match the same way:
/// an exact (case-insensitive) name first, then a name equal ignoring underscores; two columns for one member are an
/// error, never a silent first pick.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ResultColumns
{
    /// <summary>
    /// The ordinal of each member's column (-1 when absent). Throws naming the member, both columns, the method and
    /// the SQL when two columns match one member.
    /// </summary>
    /// <param name="columns">The result's column names, in order.</param>
    /// <param name="members">The members, in the order generated code asks for ordinals.</param>
    /// <param name="origin">The calling method, for the error.</param>
    /// <param name="sql">The SQL, for the error.</param>
    public static int[] Resolve(string[] columns, IReadOnlyList<string> members, string origin, string sql)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(members);
        var ordinals = new int[members.Count];
        for (int m = 0; m < ordinals.Length; m++)
        {
            ordinals[m] = ColumnMatcher.Find(columns, members[m]);
            // Two columns for one member (SELECT n.title, t.name AS title) would let the first win silently.
            if (ordinals[m] >= 0 && ColumnMatcher.FindAnother(columns, members[m], ordinals[m]) is int other and >= 0)
                throw DuplicateColumn(origin, members[m], columns, ordinals[m], other, sql);
        }
        return ordinals;
    }

    /// <summary>The error for a required member the result has no column for.</summary>
    public static InvalidOperationException MissingColumn(string origin, string member, string[] columns, string sql)
        => new($"The result of {origin} has no column for member '{member}' (columns: {string.Join(", ", columns)}). SQL: {sql}");

    /// <summary>The error for two columns that both match one member.</summary>
    public static InvalidOperationException DuplicateColumn(string origin, string member, string[] columns, int first, int second, string sql)
        => new($"The result of {origin} has two columns for member '{member}': '{columns[first]}' at position {first} and " +
               $"'{columns[second]}' at position {second}; give one of them another name with AS. SQL: {sql}");

    /// <summary>The error for a NULL column read into a member that is not nullable.</summary>
    public static InvalidCastException NullColumn(string origin, string column, string member, string sql)
        => new($"Column '{column}' is NULL but member '{member}' of {origin} is not nullable. SQL: {sql}");
}
