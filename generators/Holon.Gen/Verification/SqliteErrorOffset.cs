using System;
using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>
/// <c>sqlite3_error_offset</c>: where in the statement text SQLite's last error points (SQLitePCLRaw 2.1 does not bind
/// it). Called on the same e_sqlite3 the provider uses (<see cref="NativeSqlite"/> resolves this assembly's import
/// too); where the export cannot be reached, there is no offset and the caller locates the statement instead.
/// </summary>
internal static class SqliteErrorOffset
{
    private static volatile bool s_unavailable;

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_error_offset", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeErrorOffset(IntPtr db);

    /// <summary>
    /// The character offset in <paramref name="statementText"/> that the last error on <paramref name="db"/> points at,
    /// or -1 when SQLite gives none (errors found while stepping, or no export).
    /// </summary>
    public static int CharOffset(sqlite3 db, string statementText)
    {
        if (s_unavailable) return -1;
        int bytes;
        try
        {
            bytes = NativeErrorOffset(db.DangerousGetHandle());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            s_unavailable = true;
            return -1;
        }

        if (bytes < 0) return -1;
        byte[] utf8 = Encoding.UTF8.GetBytes(statementText);
        return Encoding.UTF8.GetCharCount(utf8, 0, Math.Min(bytes, utf8.Length));
    }

    /// <summary>The length of the token at <paramref name="start"/>: a word, a quoted run, or one symbol (0 at the end).</summary>
    public static int TokenLength(string text, int start)
    {
        if (start >= text.Length) return 0;
        char c = text[start];
        if (char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7F)
        {
            int i = start;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$' || text[i] > 0x7F)) i++;
            return i - start;
        }

        char close = c == '[' ? ']' : c;
        if (c is '\'' or '"' or '`' or '[')
        {
            int end = text.IndexOf(close, start + 1);
            return (end < 0 ? text.Length : end + 1) - start;
        }

        return 1;
    }
}
