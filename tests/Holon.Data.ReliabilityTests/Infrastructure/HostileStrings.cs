using System.Text;

namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>
/// Deterministic hostile strings: SQL injection attempts, quotes, NUL, lone and reversed surrogates (invalid
/// UTF-16), emoji and joiners, bidi controls, noncharacters, parameter-looking text, 1 MB values, and random mixes.
/// </summary>
internal static class HostileStrings
{
    private static readonly string[] s_fixed =
    [
        "", " ", "'", "''", "\"", "`", "'; DROP TABLE notes; --", "\"; DROP TABLE notes; --",
        "Robert'); DROP TABLE canary;--", "1; DELETE FROM notes", "' OR '1'='1", "') OR 1=1 --",
        "x'); ATTACH DATABASE '/tmp/evil.db' AS evil; --", "'; PRAGMA writable_schema=1; --",
        "\0", "a\0b", "\0\0\0", "trailing\0", "\0leading", "'\0'; DROP TABLE notes; --",
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "a\uD800b", "\uDC00\uD800", "x\uDBFF", "\uD83D", "\uDE00",
        "\uD83D\uD83D\uDE00", "\uD800\0\uDC00", "\uD83D\uDE00", "😀", "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇺🇳", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "\u202Eevil\u202C", "\u200B", "\u200D", "\uFEFF", "\uFEFFbom", "\uFFFE", "\uFFFF", "\uFFFD", "\u0085",
        "\r\n", "\r", "\n", "\t", "\u001B[31mred", "\\", "\\'", "\\\"", "%s%n%x", "{0}", "?", "?1", "?999",
        "@id", "@body", ":body", "$body", "@", ":", "$", "/*", "*/", "--", ";", "NULL", "null", "SELECT 1",
        "é", "e\u0301", "Å", "A\u030A", "Ω", "ꙮ", "\u00A0", "ǅ", "ß", "İ", "ﬃ", "\u0300", "日本語テキスト",
        "مرحبا", "שלום", "\uD834\uDD1E", new string('\'', 1000), new string('\0', 1000),
    ];

    public static List<string> Create(int count, int megabyteValues, int seed = 13)
    {
        var rng = new Random(seed);
        var list = new List<string>(count);
        list.AddRange(s_fixed);

        // 1 MB (in chars) values of different kinds.
        for (int i = 0; i < megabyteValues && list.Count < count; i++)
        {
            list.Add((i % 3) switch
            {
                0 => new StringBuilder(1 << 20).Append('x', (1 << 19) - 10).Append("'; DROP TABLE notes; --").Append('y', (1 << 19) - 13).ToString(),
                1 => string.Concat(Enumerable.Repeat("😀", 1 << 19)),
                _ => RandomString(rng, 1 << 20),
            });
        }

        while (list.Count < count)
        {
            // Mostly short random mixes; some are a fixed string with random text around it.
            list.Add(rng.Next(4) == 0
                ? RandomString(rng, rng.Next(0, 8)) + s_fixed[rng.Next(s_fixed.Length)] + RandomString(rng, rng.Next(0, 8))
                : RandomString(rng, rng.Next(1, 80)));
        }

        return list;
    }

    public static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }

        return false;
    }

    public static string Describe(string s)
    {
        var sb = new StringBuilder();
        sb.Append("len ").Append(s.Length).Append(": \"");
        foreach (char c in s.Length > 40 ? s[..40] : s)
        {
            if (c >= 0x20 && c < 0x7F) sb.Append(c);
            else sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.Append(s.Length > 40 ? "...\"" : "\"").ToString();
    }

    private const string Punctuation = "'\";-\\/*%?@:$`";

    private static string RandomString(Random rng, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = rng.Next(10) switch
            {
                0 => '\0',
                1 => Punctuation[rng.Next(Punctuation.Length)],
                2 => (char)rng.Next(0xD800, 0xE000),          // any surrogate, paired or not
                3 => (char)rng.Next(0x80, 0x800),             // 2-byte UTF-8
                4 => (char)rng.Next(0x800, 0xD800),           // 3-byte UTF-8
                5 => (char)rng.Next(0xE000, 0x10000),         // 3-byte UTF-8 incl. noncharacters
                6 => (char)rng.Next(0, 0x20),                 // control characters
                _ => (char)rng.Next(0x20, 0x7F),
            };
        }

        // Some well-formed astral characters too.
        if (length >= 2 && rng.Next(3) == 0)
        {
            int at = rng.Next(length - 1);
            string astral = char.ConvertFromUtf32(rng.Next(0x10000, 0x110000));
            chars[at] = astral[0];
            chars[at + 1] = astral[1];
        }

        return new string(chars);
    }
}
