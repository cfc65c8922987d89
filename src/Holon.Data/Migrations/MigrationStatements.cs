using System;
using System.Collections.Generic;
using Holon.Data.Internal;

// Compiled into both Holon.Data (SqlitePool.Migrate) and the generator (HOLON022/HOLON024), so a migration the build
// accepts is one the runtime accepts. netstandard2.0 code: no ranges, no spans.
namespace Holon.Data.Migrations;

/// <summary>
/// Finds where a migration's statements start and what their first word is, skipping comments, string literals and
/// quoted names. A trigger body (<c>CREATE TRIGGER … BEGIN …; END</c>) is part of its statement, as in
/// <c>sqlite3_complete</c>: it ends at an <c>END</c> that follows a <c>;</c>.
/// </summary>
internal static class MigrationStatements
{
    /// <summary>Statements that begin, end or nest a transaction; a migration runs inside the runner's own transaction.</summary>
    private static readonly string[] s_transactionControl = { "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" };

    /// <summary>One top-level statement: where it starts in the text and its first word (upper case).</summary>
    public readonly struct Statement
    {
        public Statement(int offset, string firstWord)
        {
            Offset = offset;
            FirstWord = firstWord;
        }

        public int Offset { get; }

        public string FirstWord { get; }
    }

    /// <summary>True when the text holds no statement: only whitespace, semicolons and comments.</summary>
    public static bool IsBlank(string sql) => Starts(sql).Count == 0;

    /// <summary>
    /// The first transaction-control statement (<c>BEGIN</c>, <c>COMMIT</c>, <c>END</c>, <c>ROLLBACK</c>,
    /// <c>SAVEPOINT</c>, <c>RELEASE</c>), or false.
    /// </summary>
    public static bool FindTransactionControl(string sql, out Statement found)
    {
        foreach (var statement in Starts(sql))
        {
            if (Array.IndexOf(s_transactionControl, statement.FirstWord) >= 0)
            {
                found = statement;
                return true;
            }
        }

        found = default;
        return false;
    }

    /// <summary>The message part that says why a transaction-control statement is refused.</summary>
    public static string TransactionControlReason(string keyword) =>
        keyword + " is transaction control, which is not allowed in a migration: the runner begins and commits each " +
        "migration's transaction itself, together with its holon_migrations row and user_version";

    /// <summary>Every top-level statement, in order.</summary>
    public static List<Statement> Starts(string sql)
    {
        var statements = new List<Statement>();
        bool atStart = true, inTrigger = false, afterSemicolon = false;
        int i = 0;
        while (true)
        {
            i = SqlTrivia.Skip(sql, i);
            if (i >= sql.Length) return statements;
            int tokenStart = i;
            char c = sql[i];
            if (c == ';')
            {
                i++;
                if (inTrigger) afterSemicolon = true;
                else atStart = true;
                continue;
            }

            string word = IsWordChar(c) ? ReadWord(sql, ref i) : "";
            if (word.Length == 0) i = SkipNonWord(sql, i);
            if (atStart)
            {
                atStart = false;
                statements.Add(new Statement(tokenStart, word.ToUpperInvariant()));
                if (string.Equals(word, "CREATE", StringComparison.OrdinalIgnoreCase)) inTrigger = CreatesTrigger(sql, i);
            }
            else if (inTrigger && afterSemicolon && string.Equals(word, "END", StringComparison.OrdinalIgnoreCase))
            {
                inTrigger = false;
            }

            afterSemicolon = false;
        }
    }

    /// <summary>After CREATE: [TEMP | TEMPORARY] TRIGGER.</summary>
    private static bool CreatesTrigger(string sql, int i)
    {
        i = SqlTrivia.Skip(sql, i);
        string next = ReadWord(sql, ref i);
        if (string.Equals(next, "TEMP", StringComparison.OrdinalIgnoreCase) || string.Equals(next, "TEMPORARY", StringComparison.OrdinalIgnoreCase))
        {
            i = SqlTrivia.Skip(sql, i);
            next = ReadWord(sql, ref i);
        }

        return string.Equals(next, "TRIGGER", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7F;

    private static string ReadWord(string sql, ref int i)
    {
        int start = i;
        while (i < sql.Length && IsWordChar(sql[i])) i++;
        return sql.Substring(start, i - start);
    }

    /// <summary>Past one quoted run ('…', "…", `…`, […]) or one symbol.</summary>
    private static int SkipNonWord(string sql, int i)
    {
        char c = sql[i];
        char close = c switch
        {
            '\'' or '"' or '`' => c,
            '[' => ']',
            _ => '\0',
        };
        if (close == '\0') return i + 1;
        int end = sql.IndexOf(close, i + 1);
        // A doubled quote inside the run ('it''s') is two runs back to back: the same statement either way.
        return end < 0 ? sql.Length : end + 1;
    }
}
