namespace Holon.Data.Internal;

/// <summary>
/// Splits SQL into the tokens the classifier needs: words, ";" and single other characters. Comments and
/// whitespace are skipped; a string literal or quoted identifier comes back whole, quotes included (so it never
/// matches a keyword). Shared by <see cref="SqlClassifier"/> and the span's <see cref="Diagnostics.SqlShape"/>.
/// </summary>
internal ref struct SqlTokenScanner(ReadOnlySpan<char> text)
{
    private ReadOnlySpan<char> _rest = text;

    public bool Next(out ReadOnlySpan<char> token)
    {
        SkipTrivia();
        if (_rest.IsEmpty)
        {
            token = default;
            return false;
        }

        char c = _rest[0];
        int length = c switch
        {
            '\'' or '"' or '`' => QuotedLength(c),
            '[' => _rest.IndexOf(']') is var close and >= 0 ? close + 1 : _rest.Length,
            _ when IsWordChar(c) => WordLength(),
            _ => 1,
        };
        token = _rest[..length];
        _rest = _rest[length..];
        return true;
    }

    private void SkipTrivia() => _rest = _rest[SqlTrivia.Skip(_rest, 0)..];

    // A doubled quote inside is an escaped quote; an unterminated one runs to the end.
    private readonly int QuotedLength(char quote)
    {
        int i = 1;
        while (i < _rest.Length)
        {
            if (_rest[i] == quote)
            {
                if (i + 1 < _rest.Length && _rest[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return _rest.Length;
    }

    private readonly int WordLength()
    {
        int i = 1;
        while (i < _rest.Length && IsWordChar(_rest[i])) i++;
        return i;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';
}
