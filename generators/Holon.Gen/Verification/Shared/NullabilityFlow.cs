using System;
using System.Collections.Generic;

// Compiled into both the generator and Holon.Data (see StatementChecker.cs).
namespace Holon.Verification;

/// <summary>
/// One pass of <see cref="ResultNullability"/>'s analysis. Per instruction: the registers that may be NULL and the
/// cursors that may be on a NULL row, joined (OR) where paths meet, iterated to a fixed point. Records (MakeRecord) and
/// what is stored in ephemeral tables and sorters are kept per register and per cursor across the whole program; when
/// they grow, the pass runs again (<see cref="GlobalsChanged"/>).
/// </summary>
internal sealed class Flow
{
    private sealed class State
    {
        public Bits Null = new();
        public Bits NullRow = new(16);

        public State Clone() => new() { Null = Null.Clone(), NullRow = NullRow.Clone() };

        public bool UnionWith(State other) => Null.UnionWith(other.Null) | NullRow.UnionWith(other.NullRow);
    }

    private enum SourceKind { Btree, Stored, Pseudo, Unknown }

    /// <summary>Where a cursor's columns come from: a schema b-tree, rows the program stored itself, or a register's record.</summary>
    private readonly record struct Source(SourceKind Kind, bool[]? Positions, int Key);

    private static readonly HashSet<string> s_positioning = new(StringComparer.Ordinal)
    {
        "Rewind", "Last", "Next", "Prev", "SorterSort", "Sort", "SorterNext", "SeekRowid", "NotExists", "SeekGE", "SeekGT",
        "SeekLE", "SeekLT", "NotFound", "Found", "NoConflict", "SeekEnd", "VFilter", "VNext", "IfEmpty",
    };

    private readonly VdbeProgram _program;
    private readonly Dictionary<int, List<Source>> _cursors = new();
    private readonly Dictionary<int, List<bool>?> _records = new();   // register → record positions; null: unknown
    private readonly Dictionary<int, List<bool>?> _stored = new();    // ephemeral/sorter cursor → stored positions
    private readonly bool[] _result;

    public Flow(VdbeProgram program, SchemaCatalog catalog, int columns)
    {
        _program = program;
        _result = new bool[columns];
        var canonical = new Dictionary<int, int>();
        foreach (var op in program.Ops)
        {
            switch (op.Code)
            {
                case "OpenRead" or "OpenWrite" or "ReopenIdx":
                    AddSource(op.P1, op.P3 == 0 ? new Source(SourceKind.Btree, catalog.Positions(op.P2), 0) : new Source(SourceKind.Unknown, null, 0));
                    break;
                case "OpenEphemeral" or "OpenAutoindex" or "SorterOpen":
                    canonical[op.P1] = op.P1;
                    AddSource(op.P1, new Source(SourceKind.Stored, null, op.P1));
                    break;
                case "OpenDup":
                    AddSource(op.P1, new Source(SourceKind.Stored, null, canonical.TryGetValue(op.P2, out int c) ? c : op.P2));
                    break;
                case "OpenPseudo":
                    AddSource(op.P1, new Source(SourceKind.Pseudo, null, op.P2));
                    break;
                case "VOpen":
                    AddSource(op.P1, new Source(SourceKind.Unknown, null, 0));
                    break;
            }
        }
    }

    /// <summary>Per result column, whether any ResultRow can emit NULL there.</summary>
    public bool[] Result => _result;

    /// <summary>The last pass grew a record or a stored table: the pass must run again to see it.</summary>
    public bool GlobalsChanged { get; private set; }

    /// <summary>Runs the pass to its fixed point; false when it does not settle within its budget.</summary>
    public bool Run()
    {
        GlobalsChanged = false;
        var ops = _program.Ops;
        var entry = new State?[ops.Length];
        entry[0] = new State();
        var work = new Queue<int>();
        var queued = new bool[ops.Length];
        work.Enqueue(0);
        queued[0] = true;
        int budget = ops.Length * 64;
        while (work.Count > 0)
        {
            if (--budget < 0) return false;
            int pc = work.Dequeue();
            queued[pc] = false;
            var state = entry[pc]!.Clone();
            var jumped = Apply(ops[pc], state);
            foreach (int next in _program.Next(pc))
            {
                var edge = next == ops[pc].P2 && jumped is not null && next != pc + 1 ? jumped : Refine(ops[pc], state, next == pc + 1);
                if (entry[next] is null) entry[next] = edge.Clone();
                else if (!entry[next]!.UnionWith(edge)) continue;
                if (!queued[next])
                {
                    queued[next] = true;
                    work.Enqueue(next);
                }
            }
        }
        return true;
    }

    /// <summary>The state on a fall-through edge, with what a test proved on it.</summary>
    private static State Refine(VdbeOp op, State state, bool fallThrough)
    {
        if (fallThrough && op.Code is "IsNull" or "HaltIfNull")
        {
            var refined = state.Clone();
            refined.Null.Set(op.Code == "IsNull" ? op.P1 : op.P3, false);
            return refined;
        }
        return state;
    }

    /// <summary>Applies <paramref name="op"/> to <paramref name="s"/>; returns the state on its P2 jump when that differs.</summary>
    private State? Apply(VdbeOp op, State s)
    {
        switch (op.Code)
        {
            case "NotNull":
                var proven = s.Clone();
                proven.Null.Set(op.P1, false);
                return proven;
            case "IfNullRow":
                var nulled = s.Clone();
                nulled.Null.Set(op.P3, true);
                return nulled;
        }
        if (!ApplyToRegisters(op, s.Null)) ApplyToRows(op, s);
        if (s_positioning.Contains(op.Code)) s.NullRow.Set(op.P1, false);
        return null;
    }

    /// <summary>Opcodes that only move or compute register values; false when <paramref name="op"/> is not one.</summary>
    private static bool ApplyToRegisters(VdbeOp op, Bits r)
    {
        switch (op.Code)
        {
            case "Integer" or "Int64" or "Real" or "String8" or "String" or "Blob" or "Sequence" or "NewRowid" or "Count"
                or "ReadCookie" or "Pagecount" or "OffsetLimit" or "CreateBtree" or "IsTrue":
                r.Set(op.P2, false);
                return true;
            case "AddImm":
                r.Set(op.P1, false);
                return true;
            case "MaxPgcnt" or "RowSetRead":
                r.Set(op.P3, false);
                return true;
            case "Null":
                for (int i = op.P2; i <= Math.Max(op.P2, op.P3); i++) r.Set(i, true);
                return true;
            case "BeginSubrtn" or "Variable" or "GetSubtype" or "Param":
                r.Set(op.P2, true);
                return true;
            case "SoftNull":
                r.Set(op.P1, true);
                return true;
            case "VColumn" or "Offset":
                r.Set(op.P3, true);
                return true;
            case "Copy":
                for (int i = 0; i <= op.P3; i++) r.Set(op.P2 + i, r.Get(op.P1 + i));
                return true;
            case "SCopy" or "IntCopy":
                r.Set(op.P2, r.Get(op.P1));
                return true;
            case "Move":
                for (int i = 0; i < op.P3; i++)
                {
                    r.Set(op.P2 + i, r.Get(op.P1 + i));
                    r.Set(op.P1 + i, true);
                }
                return true;
            case "Add" or "Subtract" or "Multiply" or "Concat" or "BitAnd" or "BitOr" or "ShiftLeft" or "ShiftRight" or "And" or "Or":
                r.Set(op.P3, r.Get(op.P1) || r.Get(op.P2));
                return true;
            case "Divide" or "Remainder":
                r.Set(op.P3, true);   // x / 0 is NULL
                return true;
            case "Not" or "BitNot":
                r.Set(op.P2, r.Get(op.P1));
                return true;
            case "ZeroOrNull":
                r.Set(op.P2, r.Get(op.P1) || r.Get(op.P3));
                return true;
            case "MemMax":
                r.Set(op.P1, r.Get(op.P1) || r.Get(op.P2));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Opcodes that read rows, records, cursors and functions.</summary>
    private void ApplyToRows(VdbeOp op, State s)
    {
        var r = s.Null;
        switch (op.Code)
        {
            case "Column":
                r.Set(op.P3, s.NullRow.Get(op.P1) || ColumnCanBeNull(op.P1, op.P2));
                break;
            case "Rowid" or "IdxRowid":
                r.Set(op.P2, s.NullRow.Get(op.P1));
                break;
            case "Function" or "PureFunc":
                r.Set(op.P3, ResultNullability.FunctionCanBeNull(op.P4, r, op.P2));
                break;
            case "AggStep":
                r.Set(op.P3, false);
                break;
            case "AggFinal":
                r.Set(op.P1, ResultNullability.AggregateCanBeNull(op.P4));
                break;
            case "AggValue":
                r.Set(op.P3, ResultNullability.AggregateCanBeNull(op.P4));
                break;
            case "MakeRecord":
                var record = new List<bool>(op.P2);
                for (int i = 0; i < op.P2; i++) record.Add(r.Get(op.P1 + i));
                Merge(_records, op.P3, record);
                r.Set(op.P3, false);
                break;
            case "Insert" or "IdxInsert" or "SorterInsert":
                // A record not built yet on this pass is bottom; the pass that builds it stores it.
                if (_records.TryGetValue(op.P2, out var inserted)) Merge(_stored, StoredKey(op.P1), inserted);
                break;
            case "SorterData" or "RowData":
                if (_stored.TryGetValue(StoredKey(op.P1), out var data)) Merge(_records, op.P2, data);
                else if (!IsStored(op.P1)) Merge(_records, op.P2, null);   // a schema row read whole: positions unknown
                r.Set(op.P2, false);
                break;
            case "NullRow":
                s.NullRow.Set(op.P1, true);
                break;
            case "DeferredSeek":
                s.NullRow.Set(op.P3, false);
                break;
            case "OpenRead" or "OpenWrite" or "ReopenIdx" or "OpenEphemeral" or "OpenAutoindex" or "SorterOpen" or "OpenPseudo" or "OpenDup":
                s.NullRow.Set(op.P1, false);
                break;
            case "ResultRow":
                for (int i = 0; i < op.P2 && i < _result.Length; i++) _result[i] |= r.Get(op.P1 + i);
                break;
        }
    }

    private bool ColumnCanBeNull(int cursor, int position)
    {
        if (!_cursors.TryGetValue(cursor, out var sources)) return true;
        foreach (var source in sources)
        {
            switch (source.Kind)
            {
                case SourceKind.Btree:
                    if (source.Positions is null || position >= source.Positions.Length || source.Positions[position]) return true;
                    break;
                case SourceKind.Stored:
                    if (Position(_stored, source.Key, position)) return true;
                    break;
                case SourceKind.Pseudo:
                    if (Position(_records, source.Key, position)) return true;
                    break;
                default:
                    return true;
            }
        }
        return false;
    }

    /// <summary>Nothing stored yet reads as not NULL (the next pass sees what is stored later); past the known width, or unknown, as NULL.</summary>
    private static bool Position(Dictionary<int, List<bool>?> map, int key, int position) =>
        map.TryGetValue(key, out var positions) && (positions is null || position >= positions.Count || positions[position]);

    private bool IsStored(int cursor) =>
        _cursors.TryGetValue(cursor, out var sources) && sources.Exists(x => x.Kind == SourceKind.Stored);

    private int StoredKey(int cursor)
    {
        if (_cursors.TryGetValue(cursor, out var sources))
        {
            foreach (var source in sources) if (source.Kind == SourceKind.Stored) return source.Key;
        }
        return cursor;
    }

    private void Merge(Dictionary<int, List<bool>?> map, int key, List<bool>? values)
    {
        if (!map.TryGetValue(key, out var known))
        {
            map[key] = values is null ? null : new List<bool>(values);
            GlobalsChanged = true;
            return;
        }
        if (known is null) return;
        if (values is null)
        {
            map[key] = null;
            GlobalsChanged = true;
            return;
        }
        for (int i = 0; i < values.Count; i++)
        {
            if (i >= known.Count) { known.Add(values[i]); GlobalsChanged = true; }
            else if (values[i] && !known[i]) { known[i] = true; GlobalsChanged = true; }
        }
    }

    private void AddSource(int cursor, Source source)
    {
        if (!_cursors.TryGetValue(cursor, out var list)) _cursors[cursor] = list = new List<Source>();
        list.Add(source);
    }
}
