using System.Collections.Generic;
using System.Text;

namespace Holon.Gen.Sql;

/// <summary>The kinds of token <see cref="SqlScanner"/> produces.</summary>
internal enum SqlTokenKind
{
    /// <summary>A keyword or identifier; quoted identifiers ("x", [x], `x`) arrive unquoted.</summary>
    Word,
    /// <summary>A bind parameter: @name, :name, $name, ?NNN or a bare ?. Text keeps the prefix.</summary>
    Parameter,
    /// <summary>A string or blob literal ('it''s', X'00ff'); Text is the literal exactly as written, quotes included.</summary>
    String,
    /// <summary>A numeric literal (42, 1.5e3, 0x1F).</summary>
    Number,
    /// <summary>Any other single character: ';', '*', '(', ',', '=', ...</summary>
    Symbol,
}

/// <summary>One token of SQL text; <paramref name="Start"/> is the offset of its first character in the SQL.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start);

/// <summary>
/// A small SQLite tokenizer, good enough to find bind parameters, statement boundaries and leading
/// keywords. It never fails: unterminated strings and comments simply run to the end of the text.
/// </summary>
internal static class SqlScanner
{
    public static List<SqlToken> Scan(string sql)
    {
        var tokens = new List<SqlToken>();
        int i = 0, n = sql.Length;
        while (i < n)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }

            // -- line comment
            if (c == '-' && i + 1 < n && sql[i + 1] == '-')
            {
                i += 2;
                while (i < n && sql[i] != '\n') i++;
                continue;
            }

            // /* block comment */
            if (c == '/' && i + 1 < n && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                i = end < 0 ? n : end + 2;
                continue;
            }

            int start = i;

            // X'...' blob literal
            if ((c == 'x' || c == 'X') && i + 1 < n && sql[i + 1] == '\'')
            {
                i = SkipQuoted(sql, i + 1, '\'');
                tokens.Add(new SqlToken(SqlTokenKind.String, sql.Substring(start, i - start), start));
                continue;
            }

            if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'');
                tokens.Add(new SqlToken(SqlTokenKind.String, sql.Substring(start, i - start), start));
                continue;
            }

            if (c == '"' || c == '`')
            {
                tokens.Add(new SqlToken(SqlTokenKind.Word, ReadQuotedIdentifier(sql, ref i, c, c), start));
                continue;
            }

            if (c == '[')
            {
                tokens.Add(new SqlToken(SqlTokenKind.Word, ReadQuotedIdentifier(sql, ref i, '[', ']'), start));
                continue;
            }

            if (IsIdentifierStart(c))
            {
                i++;
                while (i < n && IsIdentifierPart(sql[i])) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql.Substring(start, i - start), start));
                continue;
            }

            if (char.IsDigit(c) || (c == '.' && i + 1 < n && char.IsDigit(sql[i + 1])))
            {
                i = SkipNumber(sql, i);
                tokens.Add(new SqlToken(SqlTokenKind.Number, sql.Substring(start, i - start), start));
                continue;
            }

            if (c == '?')
            {
                i++;
                while (i < n && char.IsDigit(sql[i])) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql.Substring(start, i - start), start));
                continue;
            }

            if ((c == '@' || c == ':' || c == '$') && i + 1 < n && IsIdentifierPart(sql[i + 1]))
            {
                i++;
                while (i < n && IsIdentifierPart(sql[i])) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql.Substring(start, i - start), start));
                continue;
            }

            tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), start));
            i++;
        }

        return tokens;
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c) || c > 0x7F;

    private static bool IsIdentifierPart(char c) => c == '_' || c == '$' || char.IsLetterOrDigit(c) || c > 0x7F;

    /// <summary>Skips a quoted run starting at the opening quote; a doubled quote is an escaped quote.</summary>
    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    private static string ReadQuotedIdentifier(string sql, ref int i, char open, char close)
    {
        var text = new StringBuilder();
        i++;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == close)
            {
                // "" and `` escape their quote; ] cannot be escaped inside [ ].
                if (open == close && i + 1 < sql.Length && sql[i + 1] == close)
                {
                    text.Append(close);
                    i += 2;
                    continue;
                }
                i++;
                return text.ToString();
            }
            text.Append(c);
            i++;
        }
        return text.ToString();
    }

    private static int SkipNumber(string sql, int i)
    {
        int n = sql.Length;
        if (sql[i] == '0' && i + 1 < n && (sql[i + 1] == 'x' || sql[i + 1] == 'X'))
        {
            i += 2;
            while (i < n && System.Uri.IsHexDigit(sql[i])) i++;
            return i;
        }
        while (i < n && (char.IsDigit(sql[i]) || sql[i] == '_')) i++;
        if (i < n && sql[i] == '.')
        {
            i++;
            while (i < n && (char.IsDigit(sql[i]) || sql[i] == '_')) i++;
        }
        if (i < n && (sql[i] == 'e' || sql[i] == 'E'))
        {
            int j = i + 1;
            if (j < n && (sql[j] == '+' || sql[j] == '-')) j++;
            if (j < n && char.IsDigit(sql[j]))
            {
                i = j;
                while (i < n && char.IsDigit(sql[i])) i++;
            }
        }
        return i;
    }
}
