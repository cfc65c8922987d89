using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Holon.Data.Internal.Native;
using SQLitePCL;

namespace Holon.Data.Internal;

/// <summary>
/// UTF-16 ⇄ UTF-8 for bound and read text, without intermediate allocations. Lone surrogates (invalid UTF-16,
/// which .NET strings allow) are written as their 3-byte generalized UTF-8 form and read back unchanged, so any
/// string round-trips; well-formed text is plain UTF-8 that every SQLite client reads.
/// </summary>
// Stack buffers here are always written before they are read; not zeroing them saves ~1 KB of stores per bind.
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static class SqliteText
{
    private const int StackLimit = 1024;
    private static readonly byte[] s_emptyZ = [0];

    /// <summary>Binds text as UTF-8, straight into SQLite when <paramref name="direct"/>, else through SQLitePCLRaw.</summary>
    public static int Bind(sqlite3_stmt stmt, int index, ReadOnlySpan<char> value, bool direct)
    {
        if (value.IsEmpty) return BindUtf8(stmt, index, default, direct);

        int max = checked(value.Length * 3);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            // One transcoding pass into the buffer; SQLite copies it (SQLITE_TRANSIENT) before the buffer goes away.
            int written = Encode(value, buffer);
            return direct ? SqliteDirect.BindText(stmt, index, buffer[..written]) : raw.sqlite3_bind_text(stmt, index, buffer[..written]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Binds ASCII/UTF-8 bytes already formatted (dates, numbers) as TEXT.</summary>
    public static int BindUtf8(sqlite3_stmt stmt, int index, ReadOnlySpan<byte> utf8, bool direct)
    {
        if (direct) return SqliteDirect.BindText(stmt, index, utf8);
        // An empty span has no address, which SQLite would bind as NULL.
        return utf8.IsEmpty ? raw.sqlite3_bind_text(stmt, index, utf8z.FromSpan(s_emptyZ)) : raw.sqlite3_bind_text(stmt, index, utf8);
    }

    public static int Encode(ReadOnlySpan<char> source, Span<byte> destination)
    {
        int total = 0;
        while (true)
        {
            var status = Utf8.FromUtf16(source, destination[total..], out int read, out int written, replaceInvalidSequences: false);
            total += written;
            if (status == OperationStatus.Done) return total;
            if (status != OperationStatus.InvalidData) throw new InvalidOperationException("UTF-8 buffer too small.");
            // source[read] is a lone surrogate: write it as ED A0..BF 80..BF.
            char c = source[read];
            destination[total++] = (byte)(0xE0 | (c >> 12));
            destination[total++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            destination[total++] = (byte)(0x80 | (c & 0x3F));
            source = source[(read + 1)..];
        }
    }

    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        // ASCII (ids, keys, most stored text): one check and one widening pass straight into the new string.
        if (Ascii.IsValid(utf8)) return string.Create(utf8.Length, utf8, static (chars, bytes) => Ascii.ToUtf16(bytes, chars, out _));
        // Otherwise one pass for the usual valid text: the replacing decoder marks every invalid sequence with U+FFFD, so a
        // result without one came from valid UTF-8; otherwise decode again keeping lone surrogates (a stored U+FFFD
        // decodes the same either way).
        var text = Encoding.UTF8.GetString(utf8);
        if (!text.Contains('\uFFFD')) return text;
        char[]? rented = null;
        Span<char> buffer = utf8.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            int n = DecodeLenient(utf8, buffer);
            return new string(buffer[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes into <paramref name="destination"/> (at least <c>utf8.Length</c> chars); returns the char count.</summary>
    public static int DecodeLenient(ReadOnlySpan<byte> utf8, Span<char> destination)
    {
        int total = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(utf8, destination[total..], out int read, out int written, replaceInvalidSequences: false);
            total += written;
            if (status == OperationStatus.Done) return total;
            if (status != OperationStatus.InvalidData) throw new InvalidOperationException("UTF-16 buffer too small.");
            utf8 = utf8[read..];
            if (utf8.Length >= 3 && utf8[0] == 0xED && (utf8[1] & 0xE0) == 0xA0 && (utf8[2] & 0xC0) == 0x80)
            {
                destination[total++] = (char)(0xD000 | ((utf8[1] & 0x3F) << 6) | (utf8[2] & 0x3F));
                utf8 = utf8[3..];
            }
            else
            {
                destination[total++] = '\uFFFD';
                utf8 = utf8[1..];
            }
        }
    }
}
