using System;
using System.Collections.Generic;

namespace Holon.Gen.Sql;

/// <summary>What the generator needs to know about a SQL text: statement count, parameters, RETURNING.</summary>
internal sealed class SqlAnalysis
{
    private SqlAnalysis(int statementCount, List<string> parameters, bool hasReturning)
    {
        StatementCount = statementCount;
        Parameters = parameters;
        HasReturning = hasReturning;
    }

    /// <summary>Number of non-empty statements separated by ';' (a CREATE TRIGGER with its BEGIN … END body is one).</summary>
    public int StatementCount { get; }

    /// <summary>Distinct parameter names as written (with prefix), in order of first appearance.</summary>
    public List<string> Parameters { get; }

    /// <summary>The statement has a RETURNING clause, so a [Command] produces rows.</summary>
    public bool HasReturning { get; }

    public static SqlAnalysis Analyze(string sql)
    {
        var tokens = SqlScanner.Scan(sql);
        int statements = 0;
        bool inStatement = false;
        bool returning = false;
        var parameters = new List<string>();
        // A trigger body holds statements ended by ';' between BEGIN and END; those ';' do not end the CREATE TRIGGER.
        // CASE … END may appear inside it, so CASE nests like BEGIN. 'lead' walks CREATE [TEMP|TEMPORARY] TRIGGER at
        // the start of a statement: 0 before CREATE, 1 after it, 2 after TEMP, -1 once the statement is not a trigger.
        int lead = 0;
        bool trigger = false;
        int depth = 0;
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Symbol && token.Text == ";")
            {
                if (trigger && depth > 0) continue;
                inStatement = false;
                trigger = false;
                depth = 0;
                continue;
            }
            if (!inStatement)
            {
                inStatement = true;
                statements++;
                lead = 0;
            }

            bool keyword = IsKeyword(sql, token);
            if (lead >= 0)
            {
                if (lead == 0 && keyword && Is(token, "CREATE")) lead = 1;
                else if (lead == 1 && keyword && (Is(token, "TEMP") || Is(token, "TEMPORARY"))) lead = 2;
                else if (lead >= 1 && keyword && Is(token, "TRIGGER")) { trigger = true; lead = -1; }
                else lead = -1;
            }
            else if (trigger && keyword)
            {
                if (Is(token, "BEGIN") || Is(token, "CASE")) depth++;
                else if (Is(token, "END") && depth > 0) depth--;
            }

            if (token.Kind == SqlTokenKind.Parameter && !parameters.Contains(token.Text))
                parameters.Add(token.Text);
            else if (IsKeyword(sql, token) && Is(token, "RETURNING"))
                returning = true;
        }
        return new SqlAnalysis(statements, parameters, returning);
    }

    /// <summary>A bare word: quoted identifiers ("end", [end], `end`) arrive as words too, but are never keywords.</summary>
    private static bool IsKeyword(string sql, SqlToken token) =>
        token.Kind == SqlTokenKind.Word && sql[token.Start] is not ('"' or '[' or '`');

    private static bool Is(SqlToken token, string word) => string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Lower-cases and drops underscores, so that @parent_id, @ParentId and parentId all match.</summary>
    public static string Normalize(string name)
    {
        var chars = new char[name.Length];
        int n = 0;
        foreach (char c in name)
        {
            if (c == '_') continue;
            chars[n++] = char.ToLowerInvariant(c);
        }
        return new string(chars, 0, n);
    }
}
