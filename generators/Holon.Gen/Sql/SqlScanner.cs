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
        int i = Holon.Data.Internal.SqlTrivia.Skip(sql, 0);
        while (i < sql.Length)
        {
            tokens.Add(ReadToken(sql, ref i));
            i = Holon.Data.Internal.SqlTrivia.Skip(sql, i);
        }
        return tokens;
    }

    /// <summary>Reads the token starting at <paramref name="i"/> (never trivia) and moves past it.</summary>
    private static SqlToken ReadToken(string sql, ref int i)
    {
        int start = i;
        char c = sql[i];
        char next = i + 1 < sql.Length ? sql[i + 1] : '\0';
        switch (c)
        {
            case '\'':
            case 'x' or 'X' when next == '\'':
                i = SkipQuoted(sql, c == '\'' ? i : i + 1, '\'');
                return Slice(sql, SqlTokenKind.String, start, i);
            case '"' or '`':
                return new SqlToken(SqlTokenKind.Word, ReadQuotedIdentifier(sql, ref i, c, c), start);
            case '[':
                return new SqlToken(SqlTokenKind.Word, ReadQuotedIdentifier(sql, ref i, '[', ']'), start);
            case '?':
                i = SkipWhile(sql, i + 1, char.IsDigit);
                return Slice(sql, SqlTokenKind.Parameter, start, i);
            case '@' or ':' or '$' when IsIdentifierPart(next):
                i = SkipWhile(sql, i + 1, IsIdentifierPart);
                return Slice(sql, SqlTokenKind.Parameter, start, i);
        }
        if (IsIdentifierStart(c))
        {
            i = SkipWhile(sql, i + 1, IsIdentifierPart);
            return Slice(sql, SqlTokenKind.Word, start, i);
        }
        if (char.IsDigit(c) || (c == '.' && char.IsDigit(next)))
        {
            i = SkipNumber(sql, i);
            return Slice(sql, SqlTokenKind.Number, start, i);
        }
        i++;
        return new SqlToken(SqlTokenKind.Symbol, c.ToString(), start);
    }

    private static SqlToken Slice(string sql, SqlTokenKind kind, int start, int end) =>
        new(kind, sql.Substring(start, end - start), start);

    private static int SkipWhile(string sql, int i, System.Func<char, bool> predicate)
    {
        while (i < sql.Length && predicate(sql[i])) i++;
        return i;
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
