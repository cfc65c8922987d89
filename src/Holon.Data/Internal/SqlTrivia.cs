using System;

namespace Holon.Data.Internal;

/// <summary>
/// SQLite's trivia between tokens: whitespace, <c>-- line</c> comments and <c>/* block */</c> comments (which do not
/// nest; an unterminated one runs to the end of the text). The one comment skipper of the runtime and of the
/// generator, which compiles this file too.
/// </summary>
internal static class SqlTrivia
{
    /// <summary>The offset of the first character at or after <paramref name="i"/> that is not trivia.</summary>
    /// <param name="sql">The text.</param>
    /// <param name="i">Where to start.</param>
    /// <param name="semicolons">Skip <c>;</c> too (between statements, where an empty statement means nothing).</param>
    public static int Skip(ReadOnlySpan<char> sql, int i, bool semicolons = false)
    {
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c) || (semicolons && c == ';'))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                int end = sql.Slice(i + 2).IndexOf('\n');
                i = end < 0 ? sql.Length : i + 2 + end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.Slice(i + 2).IndexOf("*/".AsSpan());
                i = end < 0 ? sql.Length : i + 2 + end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <inheritdoc cref="Skip(ReadOnlySpan{char}, int, bool)"/>
    public static int Skip(string sql, int i, bool semicolons = false) => Skip(sql.AsSpan(), i, semicolons);
}
