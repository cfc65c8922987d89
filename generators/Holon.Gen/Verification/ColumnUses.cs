using System;
using System.Collections.Generic;
using System.Linq;
using Holon.Verification;

namespace Holon.Gen.Verification;

/// <summary>How a statement uses a table column: a value meets it, or it is ordered or aggregated.</summary>
internal enum ColumnUse { WrittenFrom, ComparedWith, OrderedComparison, Sorted, Aggregated }

/// <summary>One place a column is used; <paramref name="Register"/> holds the other value (for writes and comparisons), else -1.</summary>
internal readonly record struct UseSite(ColumnRef Column, ColumnUse Use, int Register, string Detail);

/// <summary>
/// Where a statement's program makes columns meet values: comparisons (Eq…Ge), index and rowid seeks, rows written
/// (MakeRecord into Insert/IdxInsert on the table), sort keys (SorterInsert, the key fields of SorterOpen) and
/// aggregate arguments (AggStep). Read from <see cref="ProgramFacts"/>, so only registers whose writers agree count.
/// </summary>
internal static class ColumnUses
{
    private static readonly HashSet<string> s_ordering = new(StringComparer.Ordinal) { "Lt", "Le", "Gt", "Ge" };
    private static readonly HashSet<string> s_seeks = new(StringComparer.Ordinal) { "SeekGE", "SeekGT", "SeekLE", "SeekLT", "IdxGE", "IdxGT", "IdxLE", "IdxLT" };
    private static readonly HashSet<string> s_orderedAggregates = new(StringComparer.OrdinalIgnoreCase) { "min", "max", "sum", "avg", "total" };

    public static List<UseSite> Of(ProgramFacts facts)
    {
        var sites = new List<UseSite>();
        var ops = facts.Ops;
        var sorterKeys = new Dictionary<int, int>();
        foreach (var op in ops.Where(o => o.Code == "SorterOpen")) sorterKeys[op.P1] = KeyFields(op.P4);
        for (int pc = 0; pc < ops.Length; pc++)
        {
            var op = ops[pc];
            switch (op.Code)
            {
                case "Eq" or "Ne" or "Lt" or "Le" or "Gt" or "Ge":
                    var use = s_ordering.Contains(op.Code) ? ColumnUse.OrderedComparison : ColumnUse.ComparedWith;
                    if (facts.ColumnAt(op.P1, pc) is { } left) sites.Add(new UseSite(left, use, op.P3, "compares"));
                    if (facts.ColumnAt(op.P3, pc) is { } right) sites.Add(new UseSite(right, use, op.P1, "compares"));
                    break;
                case "SeekRowid" or "NotExists":
                    if (facts.At(op.P1, -1) is { } rowid) sites.Add(new UseSite(rowid, ColumnUse.ComparedWith, op.P3, "compares"));
                    break;
                case "Insert" or "IdxInsert" when facts.WritesTable(op.P1) && facts.RecordOf(op.P2) is { } record:
                    for (int i = 0; i < record.Count; i++)
                    {
                        if (facts.At(op.P1, i) is { } target) sites.Add(new UseSite(target, ColumnUse.WrittenFrom, record.First + i, "writes"));
                    }
                    break;
                case "AggStep":
                    string name = ResultNullability.Function(op.P4).Name;
                    if (s_orderedAggregates.Contains(name) && facts.ColumnAt(op.P2, pc) is { } argument)
                        sites.Add(new UseSite(argument, ColumnUse.Aggregated, -1, "aggregates it with " + name + "()"));
                    break;
                case "SorterInsert" when sorterKeys.TryGetValue(op.P1, out int keys) && facts.RecordOf(op.P2) is { } sorted:
                    for (int i = 0; i < Math.Min(keys, sorted.Count); i++)
                    {
                        if (facts.ColumnAt(sorted.First + i, pc) is { } key) sites.Add(new UseSite(key, ColumnUse.Sorted, -1, "orders by"));
                    }
                    break;
            }
            if (s_seeks.Contains(op.Code)) AddSeek(facts, ops, op, sites);
        }
        return sites;
    }

    /// <summary>An index seek compares key registers with the index's columns; a range unless the same key also bounds it (equality).</summary>
    private static void AddSeek(ProgramFacts facts, VdbeOp[] ops, VdbeOp op, List<UseSite> sites)
    {
        if (!int.TryParse(op.P4, out int keys)) return;
        bool equality = op.Code == "SeekGE" && ops.Any(o => o.Code is "IdxGT" && o.P1 == op.P1 && o.P3 == op.P3)
            || op.Code == "SeekLE" && ops.Any(o => o.Code is "IdxLT" && o.P1 == op.P1 && o.P3 == op.P3)
            || op.Code is "IdxGT" or "IdxLT" && ops.Any(o => o.Code is "SeekGE" or "SeekLE" && o.P1 == op.P1 && o.P3 == op.P3);
        for (int i = 0; i < keys; i++)
        {
            if (facts.At(op.P1, i) is { } column)
            {
                // Only the last key of a range seek is a range; the ones before it are equalities.
                var use = equality || i < keys - 1 ? ColumnUse.ComparedWith : ColumnUse.OrderedComparison;
                sites.Add(new UseSite(column, use, op.P3 + i, "compares"));
            }
        }
    }

    /// <summary>The key field count of a KeyInfo P4 ("k(2,B,,)" has 2).</summary>
    private static int KeyFields(string? p4)
    {
        if (p4 is null || !p4.StartsWith("k(", StringComparison.Ordinal)) return 0;
        int end = p4.IndexOf(',');
        if (end < 0) end = p4.IndexOf(')');
        return end > 2 && int.TryParse(p4.Substring(2, end - 2), out int n) ? n : 0;
    }
}
