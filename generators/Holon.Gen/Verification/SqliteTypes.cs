using System;
using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;
using Holon.Verification;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>
/// Types the build can check beyond the result's members: a parameter against the declared type of the column it is
/// written into or compared with (HOLON209 for a STRICT table that can reject it, HOLON210 where affinity converts
/// it), and a decimal, DateTimeOffset or Guid value stored as TEXT where the statement compares, orders or aggregates
/// its column (HOLON212). Where a register's writers disagree nothing is claimed.
/// </summary>
internal static class SqliteTypes
{
    private static readonly HashSet<ValueKind> s_textOrdered = new() { ValueKind.Decimal, ValueKind.DateTimeOffset, ValueKind.Guid };

    public static IEnumerable<Finding> Check(sqlite3 db, SchemaCatalog catalog, VerifiedStatement statement)
    {
        if (statement.Bindings.Count == 0 && !statement.Members.Any(m => s_textOrdered.Contains(m.Kind))) return Array.Empty<Finding>();
        if (catalog.Program(statement.Sql) is not { } program) return Array.Empty<Finding>();
        var (parameters, origins) = Describe(db, statement.Sql);
        var facts = new ProgramFacts(program, catalog);
        var uses = ColumnUses.Of(facts);
        string method = statement.Method;
        var findings = new List<Finding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Columns a text-stored value reads, writes or is compared with, and that value's type.
        var textTypes = new Dictionary<ColumnRef, string>();

        foreach (var site in uses.Where(u => u.Register >= 0))
        {
            if (facts.ParameterOf(site.Register) is not int index || index > parameters.Length) continue;
            var binding = statement.Bindings.FirstOrDefault(b => b.SqlName == parameters[index - 1]);
            if (binding is null) continue;
            if (s_textOrdered.Contains(binding.Kind)) textTypes[site.Column] = Display(binding.TypeName);
            if (Mismatch(binding.Kind, site.Column, site.Use) is { } finding && seen.Add(finding + binding.SqlName + site.Column.Column.Name))
                findings.Add(Report(finding, method, binding, site));
        }

        var byName = statement.ByName;
        for (int m = 0; m < statement.Members.Count; m++)
        {
            var member = statement.Members[m];
            if (!s_textOrdered.Contains(member.Kind)) continue;
            int column = byName ? Holon.Data.Internal.ColumnMatcher.Find(origins.Select(o => o.Name).ToArray(), member.Name) : m;
            if (column < 0 || column >= origins.Length) continue;
            if (origins[column].Origin is not { } origin)
            {
                // An expression (max(price) read into a decimal): the columns the statement aggregates are what it reads.
                foreach (var aggregated in uses.Where(u => u.Use == ColumnUse.Aggregated)) textTypes[aggregated.Column] = Display(member.TypeName);
                continue;
            }
            var table = catalog.Table(origin.Table);
            int cid = table.Columns.FindIndex(c => string.Equals(c.Name, origin.Column, StringComparison.OrdinalIgnoreCase));
            if (cid >= 0) textTypes[new ColumnRef(table, cid)] = Display(member.TypeName);
        }

        foreach (var site in uses.Where(u => u.Use is ColumnUse.OrderedComparison or ColumnUse.Sorted or ColumnUse.Aggregated))
        {
            if (!textTypes.TryGetValue(site.Column, out var type) || !seen.Add("HOLON212" + site.Column.Table.Name + "." + site.Column.Column.Name)) continue;
            findings.Add(new Finding("HOLON212", new EquatableArray<string>(new[] { method, site.Column.Column.Name, type, site.Detail })));
        }
        return findings;
    }

    private static Finding Report(string id, string method, VerifiedBinding binding, UseSite site)
    {
        var column = site.Column.Column;
        string storage = Storage(binding.Kind).ToString().ToUpperInvariant();
        string[] arguments = id == "HOLON209"
            ? new[] { method, binding.ParameterName, Display(binding.TypeName), storage, column.Name, site.Column.Table.Name, column.DeclaredType.ToUpperInvariant() }
            : new[] { method, binding.ParameterName, Display(binding.TypeName), storage, site.Use == ColumnUse.WrittenFrom ? "is written into" : "is compared with",
                column.Name, column.DeclaredType, Affinity(column.DeclaredType).ToString().ToUpperInvariant() };
        return new Finding(id, new EquatableArray<string>(arguments), binding.ParameterName);
    }

    private static string Display(string typeName) => typeName.Replace("global::", "");

    /// <summary>The finding id for a value of <paramref name="kind"/> meeting <paramref name="column"/>, or null when the types agree.</summary>
    private static string? Mismatch(ValueKind kind, ColumnRef column, ColumnUse use)
    {
        string declared = column.Column.DeclaredType;
        if (declared.Length == 0) return null;   // no declared type: no affinity, anything is stored as given
        var value = Storage(kind);
        if (column.Table.Strict && use == ColumnUse.WrittenFrom && StrictRejects(declared.ToUpperInvariant(), value)) return "HOLON209";
        var affinity = Affinity(declared);
        // The storages HOLON204 accepts for reading: ISO dates and GUIDs stay TEXT under NUMERIC affinity (DATETIME
        // columns), and decimal text becomes a number in NUMERIC and REAL columns.
        if (kind is ValueKind.DateTime or ValueKind.DateTimeOffset or ValueKind.DateOnly or ValueKind.TimeOnly or ValueKind.TimeSpan
                or ValueKind.Guid && affinity == ColumnAffinity.Numeric) return null;
        if (kind == ValueKind.Decimal && affinity is ColumnAffinity.Numeric or ColumnAffinity.Real) return null;
        bool fits = affinity switch
        {
            ColumnAffinity.Integer => value == StorageClass.Integer,
            ColumnAffinity.Real => value is StorageClass.Real or StorageClass.Integer,
            ColumnAffinity.Numeric => value is StorageClass.Integer or StorageClass.Real,
            ColumnAffinity.Text => value == StorageClass.Text,
            _ => value == StorageClass.Blob || declared.Equals("ANY", StringComparison.OrdinalIgnoreCase),
        };
        return fits ? null : "HOLON210";
    }

    /// <summary>A STRICT column that can refuse a value of this class (SQLITE_CONSTRAINT_DATATYPE unless it converts losslessly).</summary>
    private static bool StrictRejects(string declared, StorageClass value) => declared switch
    {
        "INT" or "INTEGER" => value is StorageClass.Text or StorageClass.Blob or StorageClass.Real,
        "REAL" => value is StorageClass.Text or StorageClass.Blob,
        "TEXT" => value is StorageClass.Blob,
        "BLOB" => value is not StorageClass.Blob,
        _ => false,
    };

    /// <summary>The storage class the runtime binds a kind as (PreparedStatement.Binding).</summary>
    private static StorageClass Storage(ValueKind kind) => kind switch
    {
        ValueKind.Single or ValueKind.Double => StorageClass.Real,
        ValueKind.String or ValueKind.Char or ValueKind.Decimal or ValueKind.Guid or ValueKind.DateTime or ValueKind.DateTimeOffset
            or ValueKind.DateOnly or ValueKind.TimeOnly or ValueKind.TimeSpan => StorageClass.Text,
        ValueKind.Blob or ValueKind.Memory => StorageClass.Blob,
        _ => StorageClass.Integer,
    };

    private enum ColumnAffinity { Integer, Text, Blob, Real, Numeric }

    /// <summary>SQLite's affinity rules (datatype3.html §3.1), in their order.</summary>
    private static ColumnAffinity Affinity(string declared)
    {
        string t = declared.ToUpperInvariant();
        if (t.Contains("INT")) return ColumnAffinity.Integer;
        if (t.Contains("CHAR") || t.Contains("CLOB") || t.Contains("TEXT")) return ColumnAffinity.Text;
        if (t.Contains("BLOB") || t.Length == 0) return ColumnAffinity.Blob;
        if (t.Contains("REAL") || t.Contains("FLOA") || t.Contains("DOUB")) return ColumnAffinity.Real;
        return ColumnAffinity.Numeric;
    }

    /// <summary>SQLite's parameter names by index (1-based, element 0 is index 1), and each result column's name and origin.</summary>
    private static (string[] Parameters, (string Name, (string Table, string Column)? Origin)[] Columns) Describe(sqlite3 db, string sql)
    {
        if (raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt, out string _) != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            return (Array.Empty<string>(), Array.Empty<(string, (string, string)?)>());
        }
        using (stmt)
        {
            var parameters = new string[raw.sqlite3_bind_parameter_count(stmt)];
            for (int i = 0; i < parameters.Length; i++) parameters[i] = raw.sqlite3_bind_parameter_name(stmt, i + 1).utf8_to_string() ?? "";
            var columns = new (string, (string, string)?)[raw.sqlite3_column_count(stmt)];
            for (int i = 0; i < columns.Length; i++)
            {
                string? table = raw.sqlite3_column_table_name(stmt, i).utf8_to_string();
                string? origin = raw.sqlite3_column_origin_name(stmt, i).utf8_to_string();
                columns[i] = (raw.sqlite3_column_name(stmt, i).utf8_to_string() ?? "", table is null || origin is null ? null : (table, origin));
            }
            return (parameters, columns);
        }
    }
}
