namespace Holon.Data.Npgsql.Migrations;

/// <summary>One statement of a migration: where it starts in the migration's SQL, and its text.</summary>
internal readonly record struct PgStatement(int Offset, string Text, string FirstWord, string SecondWord);

/// <summary>
/// Splits a PostgreSQL migration into top-level statements with PostgreSQL's lexical rules: <c>'…'</c> (and
/// <c>E'…'</c> with backslash escapes), <c>"…"</c>, dollar quotes <c>$tag$…$tag$</c>, <c>--</c> and nested
/// <c>/* */</c> comments, and <c>BEGIN ATOMIC … END</c> bodies (whose inner <c>;</c> do not end the statement).
/// Statements run one at a time, so an error names the line it starts on; transaction control is refused here,
/// before anything touches the database.
/// </summary>
internal static class PgScript
{
    public static List<PgStatement> Split(string sql)
    {
        var result = new List<PgStatement>();
        int i = 0;
        while (true)
        {
            i = SkipTrivia(sql, i, stopAtSemicolon: false);
            if (i >= sql.Length) return result;
            int start = i;
            var words = new StatementWords();
            i = ScanStatement(sql, i, ref words);
            result.Add(new PgStatement(start, sql[start..i].TrimEnd(), words.First, words.Second));
            if (i < sql.Length) i++; // the ';'
        }
    }

    /// <summary>
    /// Refuses statements that end, begin or split the migration's transaction (the runner owns it): BEGIN, START
    /// TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE and PREPARE TRANSACTION.
    /// </summary>
    public static void RejectTransactionControl(Migration m, List<PgStatement> statements)
    {
        foreach (var s in statements)
        {
            string first = s.FirstWord.ToUpperInvariant();
            string second = s.SecondWord.ToUpperInvariant();
            bool control = first switch
            {
                "BEGIN" or "COMMIT" or "END" or "ROLLBACK" or "ABORT" or "SAVEPOINT" or "RELEASE" => true,
                "START" or "PREPARE" => second == "TRANSACTION",
                _ => false,
            };
            if (!control) continue;
            int line = Holon.Data.Migrations.MigrationPlan.LineAt(m.Sql, s.Offset);
            string statement = second.Length > 0 && first is "START" or "PREPARE" ? $"{first} {second}" : first;
            throw new MigrationException(m.Version, m.Name,
                $"Migrate: migration {m.Version} '{m.Name}' line {line} is refused: {statement} controls the transaction, " +
                "and the migration runner owns it. Each migration runs in one transaction.", null, line);
        }
    }

    private struct StatementWords
    {
        public string First;
        public string Second;
        public string Previous;
        public int AtomicDepth;

        public void Add(string word)
        {
            if (First is null) First = word;
            else Second ??= word;
            if (Previous is not null && Previous.Equals("BEGIN", StringComparison.OrdinalIgnoreCase)
                && word.Equals("ATOMIC", StringComparison.OrdinalIgnoreCase))
            {
                AtomicDepth++;
            }
            else if (AtomicDepth > 0 && word.Equals("CASE", StringComparison.OrdinalIgnoreCase))
            {
                AtomicDepth++; // CASE … END inside an atomic body closes a CASE, not the body
            }
            else if (AtomicDepth > 0 && word.Equals("END", StringComparison.OrdinalIgnoreCase))
            {
                AtomicDepth--;
            }

            Previous = word;
        }
    }

    /// <summary>Scans one statement from <paramref name="i"/>; returns the index of its ending ';' or the end.</summary>
    private static int ScanStatement(string sql, int i, ref StatementWords words)
    {
        words.First = null!;
        words.Second = null!;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == ';' && words.AtomicDepth == 0) break;
            if (char.IsWhiteSpace(c) || c == ';' || IsCommentStart(sql, i))
            {
                i = c == ';' ? i + 1 : SkipTrivia(sql, i, stopAtSemicolon: true);
            }
            else if (c == '\'')
            {
                bool escapes = i > 0 && sql[i - 1] is 'E' or 'e' && (i < 2 || !IsIdentifierChar(sql[i - 2]));
                i = SkipQuoted(sql, i, '\'', escapes);
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
            }
            else if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1])) && DollarTag(sql, i) is { } tag)
            {
                int close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tag.Length;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < sql.Length && IsIdentifierChar(sql[i])) i++;
                words.Add(sql[start..i]);
            }
            else
            {
                i++;
            }
        }

        words.First ??= "";
        words.Second ??= "";
        return i;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static bool IsCommentStart(string sql, int i) =>
        i + 1 < sql.Length && ((sql[i] == '-' && sql[i + 1] == '-') || (sql[i] == '/' && sql[i + 1] == '*'));

    /// <summary>The dollar-quote opener at <paramref name="i"/> (<c>$$</c> or <c>$tag$</c>), or null (<c>$1</c> is a parameter).</summary>
    private static string? DollarTag(string sql, int i)
    {
        int j = i + 1;
        if (j < sql.Length && (char.IsLetter(sql[j]) || sql[j] == '_'))
        {
            while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
        }

        return j < sql.Length && sql[j] == '$' ? sql[i..(j + 1)] : null;
    }

    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (backslashEscapes && c == '\\') i += 2;
            else if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) i += 2; // doubled quote
                else return i + 1;
            }
            else i++;
        }

        return i;
    }

    /// <summary>Skips whitespace and comments (nested block comments, as PostgreSQL has them); and ';' unless asked not to.</summary>
    private static int SkipTrivia(string sql, int i, bool stopAtSemicolon)
    {
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c) || (c == ';' && !stopAtSemicolon))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int depth = 1;
                i += 2;
                while (i < sql.Length && depth > 0)
                {
                    if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*') { depth++; i += 2; }
                    else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/') { depth--; i += 2; }
                    else i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }
}
