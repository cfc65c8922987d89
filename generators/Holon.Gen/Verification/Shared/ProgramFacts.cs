using System;
using System.Collections.Generic;
using System.Linq;

// Compiled into both the generator and Holon.Data (see StatementChecker.cs).
namespace Holon.Verification;

/// <summary>A storage class SQLite guarantees for a value; None for a value that is only ever NULL, Unknown when it varies.</summary>
internal enum StorageClass { None, Integer, Real, Text, Blob, Unknown }

/// <summary>A table column a register was read from: the table and the column's index in it (cid).</summary>
internal readonly record struct ColumnRef(SchemaCatalog.TableInfo Table, int Cid)
{
    public SchemaCatalog.ColumnInfo Column => Table.Columns[Cid];
}

/// <summary>
/// What the registers of a statement's program hold, judged from every instruction that writes them (flow-insensitive):
/// the storage class a result column always has, which table column or SQL parameter a register holds when every
/// writer agrees, and where values meet columns (comparisons, index seeks, rows written, aggregates, sort keys).
/// A register with writers that disagree holds nothing certain, so no check is made on it.
/// </summary>
internal sealed class ProgramFacts
{
    private static readonly HashSet<string> s_text = new(StringComparer.OrdinalIgnoreCase)
    {
        "upper", "lower", "trim", "ltrim", "rtrim", "replace", "substr", "substring", "hex", "quote", "typeof", "printf", "format",
        "char", "concat", "concat_ws", "group_concat", "string_agg", "date", "time", "datetime", "strftime", "soundex", "json",
    };

    private static readonly HashSet<string> s_integer = new(StringComparer.OrdinalIgnoreCase)
    {
        "length", "octet_length", "instr", "unicode", "count", "changes", "total_changes", "last_insert_rowid", "random",
        "row_number", "rank", "dense_rank", "ntile", "like", "glob",
    };

    private static readonly HashSet<string> s_real = new(StringComparer.OrdinalIgnoreCase) { "total", "avg", "julianday", "percent_rank", "cume_dist" };

    private readonly VdbeProgram _program;
    private readonly SchemaCatalog _catalog;
    private readonly Dictionary<int, List<int>> _writers = new();
    private readonly Dictionary<int, List<long>> _roots = new();   // cursor → root pages it opens (OpenRead/OpenWrite)

    public ProgramFacts(VdbeProgram program, SchemaCatalog catalog)
    {
        _program = program;
        _catalog = catalog;
        for (int pc = 0; pc < program.Ops.Length; pc++)
        {
            var op = program.Ops[pc];
            if (op.Code is "OpenRead" or "OpenWrite" or "ReopenIdx")
            {
                if (!_roots.TryGetValue(op.P1, out var roots)) _roots[op.P1] = roots = new List<long>();
                roots.Add(op.P3 == 0 ? op.P2 : -1);
            }
            var (first, count) = Destinations(op);
            for (int r = first; r < first + count; r++)
            {
                if (!_writers.TryGetValue(r, out var list)) _writers[r] = list = new List<int>();
                list.Add(pc);
            }
        }
    }

    public VdbeOp[] Ops => _program.Ops;

    /// <summary>The registers an instruction writes: (first, count).</summary>
    private static (int First, int Count) Destinations(VdbeOp op) => op.Code switch
    {
        "Integer" or "Int64" or "Real" or "String8" or "String" or "Blob" or "Variable" or "Sequence" or "NewRowid" or "Count"
            or "Rowid" or "IdxRowid" or "BeginSubrtn" or "SCopy" or "IntCopy" or "Not" or "BitNot" or "IsTrue" or "ZeroOrNull"
            or "GetSubtype" or "Param" or "SorterData" or "RowData" or "ReadCookie" or "Pagecount" or "OffsetLimit" => (op.P2, 1),
        "Null" => (op.P2, Math.Max(op.P2, op.P3) - op.P2 + 1),
        "Copy" => (op.P2, op.P3 + 1),
        "Move" => (op.P2, op.P3),
        "Column" or "VColumn" or "Function" or "PureFunc" or "Add" or "Subtract" or "Multiply" or "Divide" or "Remainder"
            or "Concat" or "BitAnd" or "BitOr" or "ShiftLeft" or "ShiftRight" or "And" or "Or" or "MakeRecord" or "AggValue"
            or "AggStep" or "RowSetRead" or "Offset" => (op.P3, 1),
        "AggFinal" or "Cast" or "SoftNull" or "AddImm" or "MemMax" => (op.P1, 1),
        _ => (0, 0),
    };

    /// <summary>The storage class register <paramref name="register"/> always holds when not NULL.</summary>
    public StorageClass TypeOf(int register) => TypeOf(register, 0);

    private StorageClass TypeOf(int register, int depth)
    {
        if (depth > 8 || !_writers.TryGetValue(register, out var writers)) return StorageClass.Unknown;
        var type = StorageClass.None;
        foreach (int pc in writers)
        {
            type = Join(type, WrittenType(Ops[pc], register, depth));
            if (type == StorageClass.Unknown) break;
        }
        return type;
    }

    private StorageClass WrittenType(VdbeOp op, int register, int depth) => op.Code switch
    {
        "Integer" or "Int64" or "Count" or "Sequence" or "NewRowid" or "Rowid" or "IdxRowid" or "IsTrue" or "ZeroOrNull" or "Not"
            or "BitNot" or "BitAnd" or "BitOr" or "ShiftLeft" or "ShiftRight" => StorageClass.Integer,
        "Real" => StorageClass.Real,
        "String8" or "String" or "Concat" => StorageClass.Text,
        "Blob" => StorageClass.Blob,
        "Null" or "BeginSubrtn" or "SoftNull" => StorageClass.None,
        "Function" or "PureFunc" or "AggFinal" or "AggValue" => FunctionType(op.P4),
        "SCopy" or "IntCopy" => TypeOf(op.P1, depth + 1),
        "Copy" or "Move" => TypeOf(op.P1 + (register - op.P2), depth + 1),
        _ => StorageClass.Unknown,
    };

    private static StorageClass FunctionType(string? p4)
    {
        string name = ResultNullability.Function(p4).Name;
        if (s_text.Contains(name)) return StorageClass.Text;
        if (s_integer.Contains(name)) return StorageClass.Integer;
        if (s_real.Contains(name)) return StorageClass.Real;
        return name is "randomblob" or "zeroblob" ? StorageClass.Blob : StorageClass.Unknown;
    }

    private static StorageClass Join(StorageClass a, StorageClass b) => a == StorageClass.None ? b : b == StorageClass.None || a == b ? a : StorageClass.Unknown;

    /// <summary>The SQL parameter (its 1-based index) register <paramref name="register"/> holds, when every writer agrees.</summary>
    public int? ParameterOf(int register, int depth = 0)
    {
        if (depth > 8 || !_writers.TryGetValue(register, out var writers)) return null;
        int? found = null;
        foreach (int pc in writers)
        {
            var op = Ops[pc];
            int? p = op.Code == "Variable" ? op.P1 : op.Code is "SCopy" or "Copy" && op.P1 + (register - op.P2) is int source ? ParameterOf(source, depth + 1) : null;
            if (p is null || (found is not null && found != p)) return null;
            found = p;
        }
        return found;
    }

    /// <summary>The table column register <paramref name="register"/> was read from, when every writer agrees.</summary>
    public ColumnRef? ColumnOf(int register, int depth = 0)
    {
        if (depth > 8 || !_writers.TryGetValue(register, out var writers)) return null;
        ColumnRef? found = null;
        foreach (int pc in writers)
        {
            var op = Ops[pc];
            ColumnRef? c = op.Code switch
            {
                "Column" => At(op.P1, op.P2),
                "Rowid" or "IdxRowid" => At(op.P1, -1),
                "SCopy" or "Copy" => ColumnOf(op.P1 + (register - op.P2), depth + 1),
                _ => null,
            };
            if (c is null || (found is not null && !found.Equals(c))) return null;
            found = c;
        }
        return found;
    }

    /// <summary>
    /// The table column register <paramref name="register"/> holds when instruction <paramref name="pc"/> reads it: the
    /// nearest write before it in the same straight run of code (SQLite reuses temporary registers), else
    /// <see cref="ColumnOf(int, int)"/>.
    /// </summary>
    public ColumnRef? ColumnAt(int register, int pc)
    {
        for (int at = pc - 1; at >= 0 && at >= pc - 12; at--)
        {
            var op = Ops[at];
            if (op.Code is "Goto" or "Halt" or "Return" or "Yield") break;
            var (first, count) = Destinations(op);
            if (register < first || register >= first + count) continue;
            return op.Code switch
            {
                "Column" => At(op.P1, op.P2),
                "Rowid" or "IdxRowid" => At(op.P1, -1),
                "SCopy" or "Copy" => ColumnAt(op.P1 + (register - op.P2), at),
                _ => null,
            };
        }
        return ColumnOf(register);
    }

    /// <summary>The table column at record position <paramref name="position"/> of cursor <paramref name="cursor"/> (-1: its rowid).</summary>
    public ColumnRef? At(int cursor, int position)
    {
        if (!_roots.TryGetValue(cursor, out var roots) || roots.Count != 1 || roots[0] < 0) return null;
        if (_catalog.Owner(roots[0]) is not { } owner) return null;
        if (position == -1) return owner.Table.RowidAlias >= 0 ? new ColumnRef(owner.Table, owner.Table.RowidAlias) : null;
        if (_catalog.Cids(roots[0]) is not { } cids || position >= cids.Length || cids[position] < 0) return null;
        return new ColumnRef(owner.Table, cids[position]);
    }

    /// <summary>Whether the cursor writes the table itself (not one of its indexes).</summary>
    public bool WritesTable(int cursor) =>
        _roots.TryGetValue(cursor, out var roots) && roots.Count == 1 && roots[0] > 0 && _catalog.Owner(roots[0]) is { IsTable: true };

    /// <summary>The storage class result column <paramref name="column"/> always has, over every ResultRow.</summary>
    public StorageClass ResultType(int column)
    {
        var type = StorageClass.None;
        foreach (var op in Ops)
        {
            if (op.Code == "ResultRow" && column < op.P2) type = Join(type, TypeOf(op.P1 + column));
        }
        return type;
    }

    /// <summary>The registers a record register was built from (its one MakeRecord), or null.</summary>
    public (int First, int Count)? RecordOf(int register)
    {
        // A register cleared to NULL at the start of the program and later given a record still holds one record.
        if (!_writers.TryGetValue(register, out var writers)) return null;
        var makes = writers.Where(pc => Ops[pc].Code != "Null").ToList();
        if (makes.Count != 1 || Ops[makes[0]].Code != "MakeRecord") return null;
        var make = Ops[makes[0]];
        return (make.P1, make.P2);
    }
}
