using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>
/// HOLON004/HOLON005 from SQLite's own parameter names (<c>sqlite3_bind_parameter_count</c>/<c>_name</c>). The parser
/// matched the text scanner's names to the method's parameters, and the generated code binds exactly those names; where
/// SQLite sees other names (Tcl forms such as <c>$id(1)</c> or <c>$id::x</c> are one parameter to SQLite), a name
/// SQLite has is bound by nothing (HOLON004), and a method parameter whose every binding SQLite lacks is used by
/// nothing (HOLON005). When the scanner errs with an error of its own, the method is a stub and is not verified, so
/// the two never report on the same statement.
/// </summary>
internal static class SqliteParameters
{
    public static IEnumerable<Finding> Check(sqlite3 db, VerifiedStatement statement)
    {
        var names = Names(db, statement.Sql);
        if (names is null) yield break;
        string method = ShortName(statement.Method);
        var bound = new HashSet<string>(statement.ParameterNames, System.StringComparer.Ordinal);
        foreach (var name in names.Where(n => !bound.Contains(n)))
            yield return new Finding("HOLON004", new EquatableArray<string>(new[] { name, method }));

        var known = new HashSet<string>(names, System.StringComparer.Ordinal);
        foreach (var parameter in statement.Bindings.GroupBy(b => b.ParameterName))
        {
            if (parameter.All(b => !known.Contains(b.SqlName)))
                yield return new Finding("HOLON005", new EquatableArray<string>(new[] { parameter.Key, method }), parameter.Key);
        }
    }

    /// <summary>SQLite's parameter names in index order; null when it does not prepare or has a nameless <c>?</c>.</summary>
    private static List<string>? Names(sqlite3 db, string sql)
    {
        if (raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt, out string _) != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            return null;
        }
        using (stmt)
        {
            if (stmt is null || stmt.IsInvalid) return null;
            int count = raw.sqlite3_bind_parameter_count(stmt);
            var names = new List<string>(count);
            for (int i = 1; i <= count; i++)
            {
                string? name = raw.sqlite3_bind_parameter_name(stmt, i).utf8_to_string();
                if (name is null || name.StartsWith("?", System.StringComparison.Ordinal)) return null; // positional: HOLON0xx from the parser
                if (!names.Contains(name)) names.Add(name);
            }
            return names;
        }
    }

    /// <summary><c>Type.Method</c> from <c>Namespace.Type.Method</c>, as the parser's HOLON004/HOLON005 name the method.</summary>
    private static string ShortName(string origin)
    {
        int last = origin.LastIndexOf('.');
        int previous = last > 0 ? origin.LastIndexOf('.', last - 1) : -1;
        return previous < 0 ? origin : origin.Substring(previous + 1);
    }
}
