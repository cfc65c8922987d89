using Holon.Data.Internal;

namespace Holon.Data.Migrations;

/// <summary>Checks on the migrations an app supplies, made before anything touches the database.</summary>
internal static class MigrationPlan
{
    /// <summary>A copy sorted by version; refuses nulls, duplicates and gaps.</summary>
    public static Migration[] Validate(IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var sorted = new Migration[migrations.Count];
        for (int i = 0; i < sorted.Length; i++)
            sorted[i] = migrations[i] ?? throw new ArgumentException($"Migrate: migrations[{i}] is null.", nameof(migrations));
        Array.Sort(sorted, static (a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < sorted.Length; i++)
        {
            var previous = sorted[i - 1];
            var m = sorted[i];
            if (m.Version == previous.Version)
            {
                throw new MigrationException(m.Version, m.Name,
                    $"Migrate: two migrations have version {m.Version}: '{previous.Name}' and '{m.Name}'. Versions must be unique.");
            }

            if (m.Version != previous.Version + 1)
            {
                throw new MigrationException(m.Version, m.Name,
                    $"Migrate: the migrations jump from version {previous.Version} '{previous.Name}' to {m.Version} '{m.Name}'; " +
                    $"version {previous.Version + 1} is missing. Versions must have no gaps.");
            }
        }

        return sorted;
    }

    /// <summary>
    /// Refuses statements that cannot run inside the migration's transaction: transaction control (<c>BEGIN</c>,
    /// <c>COMMIT</c>, <c>END</c>, <c>ROLLBACK</c>, <c>SAVEPOINT</c>, <c>RELEASE</c>), <c>VACUUM</c> and
    /// <c>PRAGMA journal_mode</c> (the pool sets WAL itself).
    /// </summary>
    public static void RejectUnsupported(Migration m)
    {
        string sql = m.Sql;
        if (MigrationStatements.FindTransactionControl(sql, out var control))
            throw Unsupported(m, sql, control.Offset, MigrationStatements.TransactionControlReason(control.FirstWord));
        int i = 0;
        while (true)
        {
            i = SqlTrivia.Skip(sql, i, semicolons: true);
            if (i >= sql.Length) return;
            int start = i;
            string first = Word(sql, ref i);
            if (first.Equals("VACUUM", StringComparison.OrdinalIgnoreCase))
                throw Unsupported(m, sql, start, "VACUUM cannot run inside a transaction; run it outside migrations (for example lease.Execute(\"VACUUM\") at a quiet time)");
            if (first.Equals("PRAGMA", StringComparison.OrdinalIgnoreCase))
            {
                i = SqlTrivia.Skip(sql, i, semicolons: true);
                string name = Word(sql, ref i);
                int after = SqlTrivia.Skip(sql, i, semicolons: true);
                if (after < sql.Length && sql[after] == '.')
                {
                    i = SqlTrivia.Skip(sql, after + 1, semicolons: true);
                    name = Word(sql, ref i);
                }

                if (name.Equals("journal_mode", StringComparison.OrdinalIgnoreCase))
                    throw Unsupported(m, sql, start, "PRAGMA journal_mode cannot change inside a transaction, and the pool sets WAL itself");
            }

            i = SkipToStatementEnd(sql, i);
        }
    }

    private static MigrationException Unsupported(Migration m, string sql, int offset, string why)
    {
        int line = LineAt(sql, offset);
        return new MigrationException(m.Version, m.Name,
            $"Migrate: migration {m.Version} '{m.Name}' line {line} is refused: {why}. Each migration runs in one transaction.", null, line);
    }

    /// <summary>The 1-based line of <paramref name="offset"/>.</summary>
    public static int LineAt(string sql, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < sql.Length; i++)
        {
            if (sql[i] == '\n') line++;
        }

        return line;
    }

    private static string Word(string sql, ref int i)
    {
        int start = i;
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
        if (i == start && i < sql.Length && sql[i] is '"' or '`' or '[')
        {
            char close = sql[i] == '[' ? ']' : sql[i];
            int end = sql.IndexOf(close, i + 1);
            i = end < 0 ? sql.Length : end + 1;
            return sql[(start + 1)..Math.Max(start + 1, i - 1)];
        }

        return sql[start..i];
    }

    /// <summary>
    /// Moves past the next top-level <c>;</c>, skipping strings, quoted names and comments. Inside a trigger body this
    /// stops early, which is harmless: those statements are never VACUUM or PRAGMA.
    /// </summary>
    private static int SkipToStatementEnd(string sql, int i)
    {
        while (i < sql.Length)
        {
            char c = sql[i];
            switch (c)
            {
                case ';':
                    return i + 1;
                case '\'' or '"' or '`':
                {
                    int end = sql.IndexOf(c, i + 1);
                    i = end < 0 ? sql.Length : end + 1;
                    break;
                }

                case '[':
                {
                    int end = sql.IndexOf(']', i + 1);
                    i = end < 0 ? sql.Length : end + 1;
                    break;
                }

                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = SqlTrivia.Skip(sql, i, semicolons: true);
                    break;
                default:
                    i++;
                    break;
            }
        }

        return i;
    }
}
