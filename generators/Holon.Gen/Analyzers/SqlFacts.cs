using System;
using System.Collections.Generic;
using Holon.Gen.Sql;

namespace Holon.Gen.Analyzers;

/// <summary>What the analyzers need to know about one SQL statement: read or write, its main verb, a top-level WHERE, a top-level <c>*</c>.</summary>
internal enum SqlEffect
{
    /// <summary>Not recognised (a PRAGMA that does not write, transaction control, empty text, …): no rule applies.</summary>
    Unknown,
    Reads,
    Writes,
}

internal readonly struct SqlFacts
{
    private static readonly HashSet<string> WriteVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM", "REINDEX", "ANALYZE",
    };

    private static readonly HashSet<string> ReadVerbs = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "VALUES" };

    /// <summary>
    /// PRAGMAs whose value lives in the database file, so that setting one (<c>= v</c> or <c>(v)</c>) writes it.
    /// A query-only reader rejects the first four ("attempt to write a readonly database"); a journal mode change
    /// needs the database to itself, which a pool with open connections never grants ("database is locked").
    /// Every other setter (cache_size, foreign_keys, busy_timeout, …) changes only the connection, and the pool
    /// restores those on return; pragmas that take an argument to read (table_info(t), quick_check(n), …) read.
    /// </summary>
    private static readonly HashSet<string> PersistentPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "user_version", "application_id", "schema_version", "auto_vacuum", "journal_mode",
    };

    /// <summary>PRAGMAs that write the database file whatever their argument: they free pages.</summary>
    private static readonly HashSet<string> WritingPragmas = new(StringComparer.OrdinalIgnoreCase) { "incremental_vacuum" };

    private SqlFacts(SqlEffect effect, string verb, bool hasTopLevelWhere, bool selectsStar)
    {
        Effect = effect;
        Verb = verb;
        HasTopLevelWhere = hasTopLevelWhere;
        SelectsStar = selectsStar;
    }

    public SqlEffect Effect { get; }

    /// <summary>
    /// The main statement's verb in upper case (after any <c>WITH</c> clause), or "". For a writing PRAGMA, the verb
    /// with the pragma's name (<c>PRAGMA user_version</c>), so that a message can name what writes.
    /// </summary>
    public string Verb { get; }

    /// <summary>A WHERE belonging to the main statement, not to a subquery.</summary>
    public bool HasTopLevelWhere { get; }

    /// <summary><c>SELECT *</c> or <c>t.*</c> in the result columns of the main statement (subqueries, e.g. under EXISTS, are not counted).</summary>
    public bool SelectsStar { get; }

    public static SqlFacts Of(string sql)
    {
        var tokens = SqlScanner.Scan(sql);
        var main = FindMainVerb(tokens);
        if (main < 0)
        {
            return new SqlFacts(SqlEffect.Unknown, "", false, false);
        }

        var verb = tokens[main].Text.ToUpperInvariant();
        if (verb == "PRAGMA")
        {
            return OfPragma(tokens, main);
        }

        var effect = WriteVerbs.Contains(verb) ? SqlEffect.Writes : ReadVerbs.Contains(verb) ? SqlEffect.Reads : SqlEffect.Unknown;

        bool where = false, star = false;
        var depth = 0;
        for (var i = main; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (IsSymbol(token, "("))
            {
                depth++;
            }
            else if (IsSymbol(token, ")"))
            {
                depth--;
            }
            else if (depth == 0 && IsWord(token, "WHERE"))
            {
                where = true;
            }
            else if (depth == 0 && verb == "SELECT" && IsSymbol(token, "*") && i > 0 && StartsResultColumn(tokens[i - 1]))
            {
                star = true;
            }
        }

        return new SqlFacts(effect, verb, where, star);
    }

    /// <summary>
    /// <c>PRAGMA [schema.]name</c>, optionally followed by <c>= value</c> or <c>(value)</c>. Writes when it sets a
    /// pragma stored in the file or runs one that frees pages; otherwise (a read, a connection setting) no rule applies.
    /// </summary>
    private static SqlFacts OfPragma(List<SqlToken> tokens, int main)
    {
        var i = main + 1;
        if (i + 1 < tokens.Count && IsSymbol(tokens[i + 1], "."))
        {
            i += 2;  // schema name: main.user_version
        }

        if (i >= tokens.Count || tokens[i].Kind != SqlTokenKind.Word)
        {
            return new SqlFacts(SqlEffect.Unknown, "PRAGMA", false, false);
        }

        var name = tokens[i].Text;
        var sets = i + 1 < tokens.Count && (IsSymbol(tokens[i + 1], "=") || IsSymbol(tokens[i + 1], "("));
        var writes = WritingPragmas.Contains(name) || (sets && PersistentPragmas.Contains(name));
        return writes
            ? new SqlFacts(SqlEffect.Writes, "PRAGMA " + name.ToLowerInvariant(), false, false)
            : new SqlFacts(SqlEffect.Unknown, "PRAGMA", false, false);
    }

    /// <summary>Index of the main statement's verb: the first word, or after a WITH clause the first verb outside parentheses.</summary>
    private static int FindMainVerb(List<SqlToken> tokens)
    {
        if (tokens.Count == 0 || tokens[0].Kind != SqlTokenKind.Word)
        {
            return -1;
        }

        if (!IsWord(tokens[0], "WITH"))
        {
            return 0;
        }

        var depth = 0;
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (IsSymbol(token, "("))
            {
                depth++;
            }
            else if (IsSymbol(token, ")"))
            {
                depth--;
            }
            else if (depth == 0 && token.Kind == SqlTokenKind.Word &&
                     (WriteVerbs.Contains(token.Text) || ReadVerbs.Contains(token.Text)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool StartsResultColumn(SqlToken previous) =>
        IsWord(previous, "SELECT") || IsWord(previous, "DISTINCT") || IsWord(previous, "ALL") ||
        IsSymbol(previous, ",") || IsSymbol(previous, ".");

    private static bool IsWord(SqlToken token, string word) =>
        token.Kind == SqlTokenKind.Word && string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

    private static bool IsSymbol(SqlToken token, string symbol) =>
        token.Kind == SqlTokenKind.Symbol && token.Text == symbol;
}
