namespace Holon.Data.Internal;

/// <summary>Matches a column name to a member name ignoring case and underscores (<c>parent_id</c> ↔ <c>ParentId</c>).</summary>
internal static class ColumnMatcher
{
    public static int Find(string[] columns, string member)
    {
        // An exact (case-insensitive) name wins over a looser match.
        for (int i = 0; i < columns.Length; i++)
        {
            if (string.Equals(columns[i], member, StringComparison.OrdinalIgnoreCase)) return i;
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (Matches(columns[i], member)) return i;
        }

        return -1;
    }

    /// <summary>Another column than <paramref name="found"/> that also matches <paramref name="member"/>, or -1.</summary>
    public static int FindAnother(string[] columns, string member, int found)
    {
        for (int i = 0; i < columns.Length; i++)
        {
            if (i != found && Matches(columns[i], member)) return i;
        }

        return -1;
    }

    public static bool Matches(string column, string member)
    {
        int a = 0, b = 0;
        while (true)
        {
            while (a < column.Length && column[a] == '_') a++;
            while (b < member.Length && member[b] == '_') b++;
            if (a == column.Length || b == member.Length) return a == column.Length && b == member.Length;
            if (char.ToUpperInvariant(column[a]) != char.ToUpperInvariant(member[b])) return false;
            a++;
            b++;
        }
    }
}
