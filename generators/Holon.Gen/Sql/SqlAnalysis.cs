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

    /// <summary>Number of non-empty statements separated by ';'.</summary>
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
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Symbol && token.Text == ";")
            {
                inStatement = false;
                continue;
            }
            if (!inStatement)
            {
                inStatement = true;
                statements++;
            }
            if (token.Kind == SqlTokenKind.Parameter && !parameters.Contains(token.Text))
                parameters.Add(token.Text);
            else if (token.Kind == SqlTokenKind.Word && string.Equals(token.Text, "RETURNING", StringComparison.OrdinalIgnoreCase))
                returning = true;
        }
        return new SqlAnalysis(statements, parameters, returning);
    }

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
