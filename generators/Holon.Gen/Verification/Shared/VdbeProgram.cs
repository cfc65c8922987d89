using System;
using System.Collections.Generic;
using SQLitePCL;

// Compiled into both the generator and Holon.Data (see StatementChecker.cs).
namespace Holon.Verification;

/// <summary>One instruction of a statement's bytecode, as <c>EXPLAIN</c> lists it.</summary>
internal readonly struct VdbeOp
{
    public VdbeOp(string code, int p1, int p2, int p3, string? p4)
    {
        Code = code;
        P1 = p1;
        P2 = p2;
        P3 = p3;
        P4 = p4;
    }

    public string Code { get; }
    public int P1 { get; }
    public int P2 { get; }
    public int P3 { get; }
    public string? P4 { get; }
}

/// <summary>
/// A statement's bytecode and its control flow. Successors over-approximate where the target is computed at run time
/// (Return, Yield, EndCoroutine): every place such a jump could land is a successor, which can only add paths, so a
/// value is never judged non-NULL because a path was missed.
/// </summary>
internal sealed class VdbeProgram
{
    // Opcodes that fall through or jump to P2 (vdbe.c's "jump" opcodes).
    private static readonly HashSet<string> s_conditional = new(StringComparer.Ordinal)
    {
        "If", "IfNot", "IsNull", "NotNull", "IfNullRow", "Once", "Eq", "Ne", "Lt", "Le", "Gt", "Ge", "ElseEq", "IsType",
        "MustBeInt", "SeekLT", "SeekLE", "SeekGE", "SeekGT", "SeekScan", "IfNotOpen", "IfNoHope", "NoConflict", "NotFound",
        "Found", "SeekRowid", "NotExists", "Last", "IfSizeBetween", "SorterSort", "Sort", "Rewind", "IfEmpty", "Next", "Prev",
        "SorterNext", "IdxLE", "IdxGT", "IdxLT", "IdxGE", "RowSetRead", "RowSetTest", "Program", "FkIfZero", "IfPos",
        "IfNotZero", "DecrJumpZero", "VFilter", "VNext", "Filter", "SorterCompare", "SequenceTest", "IncrVacuum", "IfSmaller",
    };

    private readonly List<int>[] _successors;

    private VdbeProgram(VdbeOp[] ops)
    {
        Ops = ops;
        _successors = new List<int>[ops.Length];
        var gosubs = new Dictionary<int, List<int>>();
        var yields = new Dictionary<int, List<int>>();
        var entries = new Dictionary<int, List<int>>();
        for (int pc = 0; pc < ops.Length; pc++)
        {
            var op = ops[pc];
            if (op.Code == "Gosub") Add(gosubs, op.P1, pc + 1);
            else if (op.Code == "Yield") Add(yields, op.P1, pc);
            else if (op.Code == "InitCoroutine") Add(entries, op.P1, op.P3);
        }
        for (int pc = 0; pc < ops.Length; pc++) _successors[pc] = Successors(pc, gosubs, yields, entries);
    }

    public VdbeOp[] Ops { get; }

    /// <summary>Where control can go after instruction <paramref name="pc"/>.</summary>
    public List<int> Next(int pc) => _successors[pc];

    /// <summary>The program of <paramref name="sql"/>, or null when SQLite will not explain it.</summary>
    public static VdbeProgram? Explain(sqlite3 db, string sql)
    {
        if (raw.sqlite3_prepare_v2(db, "EXPLAIN " + sql, out sqlite3_stmt stmt, out string _) != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            return null;
        }
        var ops = new List<VdbeOp>();
        using (stmt)
        {
            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
            {
                ops.Add(new VdbeOp(raw.sqlite3_column_text(stmt, 1).utf8_to_string() ?? "",
                    raw.sqlite3_column_int(stmt, 2), raw.sqlite3_column_int(stmt, 3), raw.sqlite3_column_int(stmt, 4),
                    raw.sqlite3_column_text(stmt, 5).utf8_to_string()));
            }
        }
        return ops.Count == 0 ? null : new VdbeProgram(ops.ToArray());
    }

    private List<int> Successors(int pc, Dictionary<int, List<int>> gosubs, Dictionary<int, List<int>> yields, Dictionary<int, List<int>> entries)
    {
        var op = Ops[pc];
        var next = new List<int>(2);
        switch (op.Code)
        {
            case "Halt":
                break;
            case "Goto":
            case "Init":
            case "Gosub":
                next.Add(op.P2);
                break;
            case "Jump":
                next.Add(op.P1);
                next.Add(op.P2);
                next.Add(op.P3);
                break;
            case "InitCoroutine":
                next.Add(op.P2 != 0 ? op.P2 : pc + 1);
                break;
            case "Return":
                // To the instruction after any Gosub on this register; with P3 = 1 it falls through when the register holds no address.
                if (gosubs.TryGetValue(op.P1, out var returns)) next.AddRange(returns);
                if (op.P3 == 1) next.Add(pc + 1);
                break;
            case "Yield":
                // Into the coroutine (its entry, or after any of its yields), never back to this instruction's own successor directly.
                if (entries.TryGetValue(op.P1, out var entry)) next.AddRange(entry);
                if (yields.TryGetValue(op.P1, out var others))
                {
                    foreach (int y in others) if (y != pc) next.Add(y + 1);
                }
                break;
            case "EndCoroutine":
                // Back to the P2 of a Yield on this register (the consumer's exit from its loop).
                if (yields.TryGetValue(op.P1, out var consumers))
                {
                    foreach (int y in consumers) next.Add(Ops[y].P2);
                }
                break;
            default:
                next.Add(pc + 1);
                if (s_conditional.Contains(op.Code) && op.P2 > 0)
                {
                    next.Add(op.P2);
                    if (op.Code == "SeekScan") next.Add(op.P2 + 1);
                }
                break;
        }
        next.RemoveAll(t => t < 0 || t >= Ops.Length);
        return next;
    }

    private static void Add(Dictionary<int, List<int>> map, int key, int value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<int>();
        list.Add(value);
    }
}
