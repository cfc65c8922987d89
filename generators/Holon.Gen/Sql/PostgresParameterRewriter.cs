using System;
using System.Collections.Generic;
using System.Text;

namespace Holon.Gen.Sql;

/// <summary>
/// Rewrites named parameters (<c>@name</c>, <c>:name</c>, <c>$name</c>) to PostgreSQL's positional <c>$1, $2 …</c> at
/// compile time, so Npgsql sends the SQL as is (no client-side parsing per call) and binds positionally.
/// </summary>
/// <remarks>
/// Left alone: string literals (<c>'…'</c>, <c>E'…'</c> with backslash escapes), quoted identifiers (<c>"…"</c>),
/// dollar-quoted strings (<c>$$…$$</c>, <c>$tag$…$tag$</c>), line and (nested) block comments, <c>::</c> casts,
/// existing positional <c>$1</c>, <c>$</c> inside identifiers (<c>a$b</c>), <c>?</c> (jsonb operators), operators
/// containing <c>@</c> (<c>@&gt;</c>, <c>&lt;@</c>, <c>@@</c>) and array slices (<c>a[lo:hi]</c>).
/// A name used twice gets one position. Names are compared ordinally (C# parameter names are case-sensitive).
/// </remarks>
internal static class PostgresParameterRewriter
{
    public static PostgresParameterRewrite Rewrite(string sql)
    {
        var output = new StringBuilder(sql.Length);
        var names = new List<string>();
        int maxPositional = 0;
        int bracketDepth = 0;
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            char next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            int start = i;
            if (c == '\'')
            {
                bool backslashEscapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentifierPart(sql[i - 2]));
                i = SkipQuoted(sql, i, '\'', backslashEscapes);
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
            }
            else if (c == '-' && next == '-')
            {
                i = sql.IndexOf('\n', i);
                if (i < 0) i = sql.Length;
            }
            else if (c == '/' && next == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (IsIdentifierStart(c))
            {
                // A whole word, including any '$' inside it (PostgreSQL allows a$b), so '$b' is not a parameter.
                i++;
                while (i < sql.Length && (IsIdentifierPart(sql[i]) || sql[i] == '$')) i++;
            }
            else if (c == '$' && char.IsDigit(next))
            {
                i++;
                int n = 0;
                while (i < sql.Length && char.IsDigit(sql[i]))
                {
                    n = Math.Min(n * 10 + (sql[i] - '0'), 100_000);
                    i++;
                }
                maxPositional = Math.Max(maxPositional, n);
            }
            else if (c == '$' && TryDollarQuoteTag(sql, i, out int tagLength))
            {
                string tag = sql.Substring(i, tagLength);
                int close = sql.IndexOf(tag, i + tagLength, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tagLength;
            }
            else if (IsParameterPrefix(sql, i, bracketDepth) && IsIdentifierStart(next))
            {
                int end = i + 1;
                while (end < sql.Length && IsIdentifierPart(sql[end])) end++;
                string name = sql.Substring(i + 1, end - i - 1);
                int index = names.IndexOf(name);
                if (index < 0)
                {
                    names.Add(name);
                    index = names.Count - 1;
                }
                output.Append('$').Append(index + 1);
                i = end;
                continue;
            }
            else if (c == ':' && next == ':')
            {
                i += 2; // a cast: the type name after it is an ordinary word
            }
            else
            {
                if (c == '[') bracketDepth++;
                else if (c == ']' && bracketDepth > 0) bracketDepth--;
                i++;
            }
            output.Append(sql, start, i - start);
        }
        return new PostgresParameterRewrite(output.ToString(), names.ToArray(), maxPositional);
    }

    private static bool IsParameterPrefix(string sql, int i, int bracketDepth)
    {
        char c = sql[i];
        char previous = i > 0 ? sql[i - 1] : '\0';
        switch (c)
        {
            case '@':
                // '<@' and '@@' are operators; '@' right after a word would be a malformed expression anyway.
                return previous != '<' && previous != '@';
            case ':':
                // '::' casts are consumed before this point; inside [ ] a ':' separates slice bounds.
                return previous != ':' && bracketDepth == 0;
            case '$':
                return true; // '$1' and '$tag$' were handled before this point
            default:
                return false;
        }
    }

    /// <summary>True when a dollar-quote opener (<c>$$</c> or <c>$tag$</c>) starts at <paramref name="i"/>.</summary>
    private static bool TryDollarQuoteTag(string sql, int i, out int length)
    {
        length = 0;
        int j = i + 1;
        if (j < sql.Length && IsIdentifierStart(sql[j]))
        {
            j++;
            while (j < sql.Length && IsIdentifierPart(sql[j])) j++;
        }
        if (j < sql.Length && sql[j] == '$')
        {
            length = j - i + 1;
            return true;
        }
        return false;
    }

    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2; // doubled quote: an escaped quote inside
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.Length;
    }

    private static int SkipBlockComment(string sql, int i)
    {
        int depth = 0; // PostgreSQL block comments nest
        while (i < sql.Length)
        {
            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0) return i;
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);
}

/// <summary>The result of <see cref="PostgresParameterRewriter.Rewrite"/>; equatable, for the generator's model.</summary>
internal sealed class PostgresParameterRewrite : IEquatable<PostgresParameterRewrite>
{
    private readonly string[] _parameters;

    public PostgresParameterRewrite(string sql, string[] parameters, int highestPositional)
    {
        Sql = sql;
        _parameters = parameters;
        HighestPositional = highestPositional;
    }

    /// <summary>The SQL with every named parameter replaced by <c>$n</c>.</summary>
    public string Sql { get; }

    /// <summary>Distinct parameter names without prefix; the name at index k is bound as <c>$(k+1)</c>.</summary>
    public IReadOnlyList<string> Parameters => _parameters;

    /// <summary>
    /// The highest <c>$n</c> already written in the SQL, or 0. Non-zero together with named parameters means the
    /// positions collide: the parser reports that instead of generating code.
    /// </summary>
    public int HighestPositional { get; }

    public bool Equals(PostgresParameterRewrite? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Sql != other.Sql || HighestPositional != other.HighestPositional || _parameters.Length != other._parameters.Length) return false;
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (!string.Equals(_parameters[i], other._parameters[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as PostgresParameterRewrite);

    public override int GetHashCode()
    {
        int hash = StringComparer.Ordinal.GetHashCode(Sql);
        foreach (var p in _parameters) hash = unchecked(hash * 31 + StringComparer.Ordinal.GetHashCode(p));
        return hash;
    }
}
