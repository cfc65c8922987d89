namespace Holon.Data.Diagnostics;

/// <summary>
/// What a span says about a SQL text without the text itself: the operation (first keyword of the main statement),
/// the tables it names at the top level, and a low-cardinality summary such as <c>SELECT blocks</c>.
/// A light scan, not a parser: literals, quoted names and comments are skipped; sub-queries are not looked into.
/// </summary>
internal sealed class SqlShape
{
    private static readonly HashSet<string> s_operations = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "CREATE", "DROP", "ALTER", "PRAGMA", "BEGIN", "COMMIT",
        "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM", "ANALYZE", "ATTACH", "DETACH", "REINDEX", "EXPLAIN", "VALUES",
    };

    private SqlShape(string? operation, string? collection, string summary)
    {
        Operation = operation;
        Collection = collection;
        Summary = summary;
    }

    /// <summary><c>db.operation.name</c>: SELECT, INSERT, … (upper case); null when none was recognised.</summary>
    public string? Operation { get; }

    /// <summary><c>db.collection.name</c>: the table, when the statement names exactly one.</summary>
    public string? Collection { get; }

    /// <summary><c>db.query.summary</c> and the span name: the operation and the tables, or <c>sqlite</c>.</summary>
    public string Summary { get; }

    public static SqlShape Parse(string sql)
    {
        string? operation = null;
        var tables = new List<string>();
        bool multiple = false;
        string? previous = null;
        int depth = 0;
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }

            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }

            if (c == '(') { depth++; i++; previous = "("; continue; }
            if (c == ')') { depth = Math.Max(0, depth - 1); i++; previous = ")"; continue; }
            if (c == ';') break; // the first statement only
            if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'');
                previous = "'";
                continue;
            }

            string? word;
            if (c is '"' or '`' or '[')
            {
                int end = SkipQuoted(sql, i, c == '[' ? ']' : c);
                word = sql.Substring(i + 1, Math.Max(0, end - i - 2));
                i = end;
                if (depth == 0) Consider(word, quoted: true);
                previous = word;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '.' or '$')) i++;
                word = sql[start..i];
                if (depth == 0) Consider(word, quoted: false);
                previous = word;
                continue;
            }

            if (c == ',' && depth == 0 && previous is not null && tables.Count > 0 && string.Equals(previous, tables[^1], StringComparison.Ordinal))
                multiple = true; // FROM a, b
            previous = c.ToString();
            i++;
        }

        string? collection = !multiple && tables.Count == 1 ? tables[0] : null;
        string summary = operation is null ? "sqlite" : tables.Count == 0 ? operation : operation + " " + string.Join(' ', tables);
        if (summary.Length > 255) summary = summary[..255];
        return new SqlShape(operation, collection, summary);

        void Consider(string word, bool quoted)
        {
            if (!quoted && operation is null && s_operations.Contains(word))
            {
                operation = word.ToUpperInvariant();
                return;
            }

            if (previous is null) return;
            bool afterTableKeyword = previous.Equals("FROM", StringComparison.OrdinalIgnoreCase) || previous.Equals("JOIN", StringComparison.OrdinalIgnoreCase)
                || previous.Equals("INTO", StringComparison.OrdinalIgnoreCase) || previous.Equals("TABLE", StringComparison.OrdinalIgnoreCase)
                || previous.Equals("EXISTS", StringComparison.OrdinalIgnoreCase)
                || (previous.Equals("UPDATE", StringComparison.OrdinalIgnoreCase) && string.Equals(operation, "UPDATE", StringComparison.Ordinal));
            if (!afterTableKeyword) return;
            if (!quoted && (word.Equals("IF", StringComparison.OrdinalIgnoreCase) || word.Equals("NOT", StringComparison.OrdinalIgnoreCase)
                || word.Equals("OR", StringComparison.OrdinalIgnoreCase) || word.Equals("SELECT", StringComparison.OrdinalIgnoreCase))) return;
            if (!tables.Contains(word, StringComparer.Ordinal)) tables.Add(word);
            else return;
            if (tables.Count > 1) multiple = true;
        }
    }

    private static int SkipQuoted(string sql, int i, char close)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == close)
            {
                if (close != ']' && i + 1 < sql.Length && sql[i + 1] == close) { i += 2; continue; } // doubled quote
                return i + 1;
            }

            i++;
        }

        return i;
    }
}
