namespace Holon.Data.Internal;

/// <summary>
/// The one place that reads SQL text to decide what the pool must do around it. It looks at keywords only,
/// outside comments, string literals and quoted identifiers, and errs towards "yes": a false yes costs a check
/// on return, a false no would leak state to the next renter.
/// </summary>
internal static class SqlClassifier
{
    /// <summary>
    /// True when a statement of <paramref name="sql"/> changes per-connection state the pool must restore on return:
    /// PRAGMA, ATTACH, DETACH, or a CREATE, ALTER or DROP naming TEMP (<c>CREATE TEMP ...</c>, <c>... temp.name</c>).
    /// <c>pragma_table_info(...)</c> inside a SELECT does not count. Every statement of a script is looked at.
    /// </summary>
    public static bool ChangesConnectionState(string sql)
    {
        var scanner = new SqlTokenScanner(sql);
        bool statementStart = true;
        bool schemaStatement = false;
        while (scanner.Next(out var token))
        {
            if (token is ";")
            {
                statementStart = true;
                schemaStatement = false;
                continue;
            }

            if (statementStart)
            {
                statementStart = false;
                if (Is(token, "pragma") || Is(token, "attach") || Is(token, "detach")) return true;
                schemaStatement = Is(token, "create") || Is(token, "alter") || Is(token, "drop");
            }
            else if (schemaStatement && (Is(token, "temp") || Is(token, "temporary")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the first statement of <paramref name="sql"/> is BEGIN or SAVEPOINT (which outside a transaction
    /// starts one): the only single statements that can leave an explicit transaction open.
    /// </summary>
    public static bool BeginsTransaction(string sql)
    {
        var scanner = new SqlTokenScanner(sql);
        if (!scanner.Next(out var first)) return false;
        return Is(first, "begin") || Is(first, "savepoint");
    }

    /// <summary>True when <paramref name="sql"/> holds only whitespace, comments and semicolons (what may follow the one statement of a prepared text).</summary>
    public static bool IsOnlyTrivia(ReadOnlySpan<char> sql)
    {
        var scanner = new SqlTokenScanner(sql);
        while (scanner.Next(out var token))
        {
            if (token is not ";") return false;
        }

        return true;
    }

    private static bool Is(ReadOnlySpan<char> token, string keyword) => token.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
