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
        var rewriter = new Rewriter(sql);
        while (!rewriter.AtEnd) rewriter.Step();
        return rewriter.Result();
    }

    /// <summary>One pass over the SQL: copies what is left alone and replaces each named parameter.</summary>
    private sealed class Rewriter(string sql)
    {
        private readonly StringBuilder _output = new(sql.Length);
        private readonly List<string> _names = new();
        private int _maxPositional;
        private int _bracketDepth;
        private int _i;

        public bool AtEnd => _i >= sql.Length;

        public PostgresParameterRewrite Result() => new(_output.ToString(), _names.ToArray(), _maxPositional);

        public void Step()
        {
            int start = _i;
            char next = _i + 1 < sql.Length ? sql[_i + 1] : '\0';
            // No literal, comment, word, cast or $1 starts with a prefix and a name; only $tag$ needs excluding.
            if (IsParameterPrefix(sql, _i, _bracketDepth) && IsIdentifierStart(next) && !IsDollarQuote())
            {
                ReplaceParameter();
                return;
            }
            _i = SkipUnchanged(_i, next);
            _output.Append(sql, start, _i - start);
        }

        private bool IsDollarQuote() => sql[_i] == '$' && TryDollarQuoteTag(sql, _i, out _);

        /// <summary>Appends <c>$n</c> for the name at the cursor; a name used twice keeps its first position.</summary>
        private void ReplaceParameter()
        {
            int end = _i + 1;
            while (end < sql.Length && IsIdentifierPart(sql[end])) end++;
            string name = sql.Substring(_i + 1, end - _i - 1);
            int index = _names.IndexOf(name);
            if (index < 0)
            {
                _names.Add(name);
                index = _names.Count - 1;
            }
            _output.Append('$').Append(index + 1);
            _i = end;
        }

        /// <summary>The end of the literal, comment, word, positional parameter, cast or character at <paramref name="i"/>.</summary>
        private int SkipUnchanged(int i, char next)
        {
            char c = sql[i];
            if (c == '\'') return SkipQuoted(sql, i, '\'', HasEscapePrefix(i));
            if (c == '"') return SkipQuoted(sql, i, '"', backslashEscapes: false);
            if (c == '-' && next == '-') return LineEnd(i);
            if (c == '/' && next == '*') return SkipBlockComment(sql, i);
            // A whole word, including any '$' inside it (PostgreSQL allows a$b), so '$b' is not a parameter.
            if (IsIdentifierStart(c)) return SkipWhile(i + 1, x => IsIdentifierPart(x) || x == '$');
            if (c == '$' && char.IsDigit(next)) return SkipPositional(i);
            if (c == '$' && TryDollarQuoteTag(sql, i, out int tagLength)) return SkipDollarQuoted(i, tagLength);
            if (c == ':' && next == ':') return i + 2; // a cast: the type name after it is an ordinary word
            if (c == '[') _bracketDepth++;
            else if (c == ']' && _bracketDepth > 0) _bracketDepth--;
            return i + 1;
        }

        /// <summary>E'…' strings take backslash escapes; a word ending in E (<c>SOME'…'</c>) is no prefix.</summary>
        private bool HasEscapePrefix(int i) =>
            i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentifierPart(sql[i - 2]));

        private int LineEnd(int i)
        {
            int end = sql.IndexOf('\n', i);
            return end < 0 ? sql.Length : end;
        }

        private int SkipPositional(int i)
        {
            int end = SkipWhile(i + 1, char.IsDigit);
            int n = 0;
            for (int j = i + 1; j < end; j++) n = Math.Min(n * 10 + (sql[j] - '0'), 100_000);
            _maxPositional = Math.Max(_maxPositional, n);
            return end;
        }

        private int SkipDollarQuoted(int i, int tagLength)
        {
            string tag = sql.Substring(i, tagLength);
            int close = sql.IndexOf(tag, i + tagLength, StringComparison.Ordinal);
            return close < 0 ? sql.Length : close + tagLength;
        }

        private int SkipWhile(int i, Func<char, bool> predicate)
        {
            while (i < sql.Length && predicate(sql[i])) i++;
            return i;
        }
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
