using System;
using System.Collections.Generic;

// Compiled into both the generator and Holon.Data (see StatementChecker.cs).
namespace Holon.Verification;

/// <summary>
/// Which result columns of a statement can be NULL, read from the statement's own bytecode (<c>EXPLAIN</c>), the way
/// sqlx infers nullability for SQLite. A forward data-flow analysis over the program tracks, per instruction, which
/// registers may hold NULL and which cursors may sit on a NULL row (NullRow: the optional side of an outer join, in
/// this statement or in any view or subquery it reads). A value is non-NULL only when every path to a ResultRow proves
/// it: a NOT NULL column of a cursor that cannot be on a NULL row, a literal, count/total, a strict function or
/// arithmetic of non-NULL values, or a register a NotNull/IsNull test has just checked (how coalesce compiles).
/// Anything the analysis does not model counts as possibly NULL.
/// </summary>
internal static class ResultNullability
{
    private const int MaxRounds = 6;

    /// <summary>Per result column, whether it can be NULL; null when the program cannot be analysed (treat all as possibly NULL).</summary>
    public static bool[]? Of(string sql, int columns, SchemaCatalog catalog)
    {
        var program = catalog.Program(sql);
        if (program is null) return null;
        var flow = new Flow(program, catalog, columns);
        for (int round = 0; round < MaxRounds; round++)
        {
            if (!flow.Run()) return null;
            if (!flow.GlobalsChanged) return flow.Result;
        }
        return null;
    }

    /// <summary>Functions whose result is NULL only when an argument is NULL.</summary>
    private static readonly HashSet<string> s_strict = new(StringComparer.OrdinalIgnoreCase)
    {
        "upper", "lower", "length", "octet_length", "abs", "trim", "ltrim", "rtrim", "replace", "substr", "substring",
        "instr", "unicode", "round", "like", "glob", "likely", "unlikely", "likelihood", "min", "max", "char",
    };

    /// <summary>Functions that never return NULL.</summary>
    private static readonly HashSet<string> s_neverNull = new(StringComparer.OrdinalIgnoreCase)
    {
        "typeof", "quote", "random", "randomblob", "changes", "total_changes", "last_insert_rowid", "sqlite_version",
        "sqlite_source_id", "hex", "concat",
    };

    /// <summary>Aggregate and window functions that return a value even over no rows.</summary>
    private static readonly HashSet<string> s_aggregateNeverNull = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "total", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
    };

    internal static (string Name, int Arguments) Function(string? p4)
    {
        if (p4 is null) return ("", -1);
        int open = p4.IndexOf('(');
        if (open < 0) return (p4, -1);
        string name = p4.Substring(0, open);
        int close = p4.IndexOf(')', open);
        return int.TryParse(p4.Substring(open + 1, (close < 0 ? p4.Length : close) - open - 1), out int n) ? (name, n) : (name, -1);
    }

    internal static bool FunctionCanBeNull(string? p4, Bits state, int firstArgument)
    {
        var (name, arguments) = Function(p4);
        if (s_neverNull.Contains(name)) return false;
        if (!s_strict.Contains(name) || arguments < 0) return true;
        for (int i = 0; i < arguments; i++)
        {
            if (state.Get(firstArgument + i)) return true;
        }
        return false;
    }

    internal static bool AggregateCanBeNull(string? p4) => !s_aggregateNeverNull.Contains(Function(p4).Name);
}

/// <summary>A growable bit set: registers that may be NULL, or cursors that may be on a NULL row.</summary>
internal sealed class Bits
{
    private const int Limit = 1 << 20;
    private ulong[] _words;

    public Bits(int capacity = 64) => _words = new ulong[(capacity + 63) / 64];

    private Bits(ulong[] words) => _words = words;

    public Bits Clone() => new((ulong[])_words.Clone());

    public bool Get(int i) => i >= 0 && i / 64 < _words.Length && (_words[i / 64] & (1UL << (i % 64))) != 0;

    public void Set(int i, bool value)
    {
        if (i < 0 || i >= Limit) return;
        if (i / 64 >= _words.Length)
        {
            if (!value) return;
            Array.Resize(ref _words, Math.Max(_words.Length * 2, i / 64 + 1));
        }
        if (value) _words[i / 64] |= 1UL << (i % 64);
        else _words[i / 64] &= ~(1UL << (i % 64));
    }

    /// <summary>Adds every bit of <paramref name="other"/>; true when something was added.</summary>
    public bool UnionWith(Bits other)
    {
        if (other._words.Length > _words.Length) Array.Resize(ref _words, other._words.Length);
        bool changed = false;
        for (int w = 0; w < other._words.Length; w++)
        {
            ulong merged = _words[w] | other._words[w];
            if (merged != _words[w])
            {
                _words[w] = merged;
                changed = true;
            }
        }
        return changed;
    }
}
