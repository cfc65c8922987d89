using System.ComponentModel;

namespace Holon.Data.Generated;

/// <summary>Errors of the bulk commands Holon.Gen generates; see <see cref="BulkCommandException"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedBulk
{
    /// <summary>Element <paramref name="index"/> of a bulk command's rows was null; wrapped by the bulk loop with its index.</summary>
    public static ArgumentNullException NullElement(string parameter, int index, string origin)
        => new(parameter, $"{origin}: element {index} of '{parameter}' is null; a bulk command binds the members of every element.");

    /// <summary>Element <paramref name="index"/> failed: the original error, with the method, the SQL and the index.</summary>
    public static BulkCommandException Failed(string origin, string sql, int index, Exception error) => new(origin, sql, index, error);
}
