using System;
using System.Collections.Generic;
using System.Linq;
using Holon.Data.Internal;
using SQLitePCL;

// Compiled into both the generator (HOLON200–204 at build time) and Holon.Data (SqlitePool.Verify at test time),
// so the two give the same answers for the same statement and schema.
namespace Holon.Verification;

/// <summary>One result member to check: its name (empty when read by position), value kind name and nullability.</summary>
/// <param name="Name">The member name; empty when the result is read by position.</param>
/// <param name="TypeName">The member's type as written, for messages.</param>
/// <param name="IsNullable">The member accepts NULL.</param>
/// <param name="Kind">The storage kind's name: Int32, String, Guid, DateTime… (Holon.Gen's ValueKind names).</param>
/// <param name="IsRequired">The member must receive a column: a constructor argument, a required or init-only member, a scalar.</param>
internal readonly record struct MemberSpec(string Name, string TypeName, string Kind, bool IsNullable, bool IsRequired);

/// <summary>One problem: the HOLON id and the message arguments of that id's descriptor (the method name first).</summary>
internal readonly record struct CheckFinding(string Id, string[] Arguments);

/// <summary>Prepares one statement on an open database and checks its result against the members that receive it.</summary>
internal static class StatementChecker
{
    public const string Rejected = "HOLON200";
    public const string MissingColumn = "HOLON201";
    public const string UnreadColumn = "HOLON202";
    public const string NullIntoNonNullable = "HOLON203";
    public const string TypeMismatch = "HOLON204";
    public const string DuplicateColumn = "HOLON207";
    public const string ExpressionTypeMismatch = "HOLON211";

    /// <summary>The findings for <paramref name="sql"/>; <paramref name="byName"/> is false for scalars and tuples, read by position.</summary>
    /// <remarks><paramref name="catalog"/>: the schema's b-trees, shared by the statements of one pass; null builds one for this statement.</remarks>
    public static List<CheckFinding> Check(sqlite3 db, string method, string sql, bool byName, IReadOnlyList<MemberSpec> members,
        SchemaCatalog? catalog = null)
    {
        var findings = new List<CheckFinding>();
        int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt, out string _);
        if (rc != raw.SQLITE_OK)
        {
            findings.Add(new CheckFinding(Rejected, new[] { method, raw.sqlite3_errmsg(db).utf8_to_string() }));
            stmt?.Dispose();
            return findings;
        }

        using (stmt)
        {
            if (stmt is null || stmt.IsInvalid || members.Count == 0) return findings;
            var columns = Describe(stmt);
            // The bytecode analyses run only when a member needs them (non-nullable, or an expression column).
            catalog ??= new SchemaCatalog(db);
            bool[]? nullable = null;
            bool analysed = false;
            bool CanBeNull(int column)
            {
                if (!analysed)
                {
                    nullable = ResultNullability.Of(sql, columns.Length, catalog);
                    analysed = true;
                }
                return nullable is null || column >= nullable.Length || nullable[column];
            }
            ProgramFacts? facts = null;
            bool explained = false;
            StorageClass ExpressionType(int column)
            {
                if (!explained)
                {
                    facts = catalog.Program(sql) is { } program ? new ProgramFacts(program, catalog) : null;
                    explained = true;
                }
                return facts?.ResultType(column) ?? StorageClass.Unknown;
            }
            MatchColumns(method, byName, members, columns, CanBeNull, ExpressionType, findings);
        }
        return findings;
    }

    /// <summary>What SQLite says about one result column.</summary>
    private sealed class Column
    {
        public string Name = "";
        public string? DeclaredType;
    }

    private static Column[] Describe(sqlite3_stmt stmt)
    {
        int count = raw.sqlite3_column_count(stmt);
        var columns = new Column[count];
        for (int i = 0; i < count; i++)
        {
            columns[i] = new Column
            {
                Name = raw.sqlite3_column_name(stmt, i).utf8_to_string() ?? "",
                DeclaredType = raw.sqlite3_column_decltype(stmt, i).utf8_to_string(),
            };
        }
        return columns;
    }

    private static void MatchColumns(string method, bool byName, IReadOnlyList<MemberSpec> members, Column[] columns,
        Func<int, bool> canBeNull, Func<int, StorageClass> expressionType, List<CheckFinding> findings)
    {
        var names = columns.Select(c => c.Name).ToArray();
        var used = new bool[columns.Length];
        for (int m = 0; m < members.Count; m++)
        {
            var member = members[m];
            int index = byName ? ColumnMatcher.Find(names, member.Name) : (m < columns.Length ? m : -1);
            string label = byName ? "'" + member.Name + "'" : "position " + m + " (" + member.TypeName + ")";
            if (index < 0)
            {
                if (member.IsRequired)
                    findings.Add(new CheckFinding(MissingColumn, new[] { method, label, columns.Length == 0 ? "none" : string.Join(", ", names) }));
                continue;
            }

            used[index] = true;
            // The runtime's rule (PreparedStatement.ResolveOrdinals): a member that two columns match, by the same
            // case- and underscore-insensitive key, makes the mapping ambiguous; it throws at the first execution.
            if (byName && ColumnMatcher.FindAnother(names, member.Name, index) is int other and >= 0)
            {
                used[other] = true;
                findings.Add(new CheckFinding(DuplicateColumn, new[] { method, label, names[index], Position(index), names[other], Position(other) }));
            }
            var column = columns[index];
            if (!member.IsNullable && canBeNull(index))
                findings.Add(new CheckFinding(NullIntoNonNullable, new[] { method, column.Name, label, member.TypeName }));
            if (column.DeclaredType is { Length: > 0 } declared && !Fits(member.Kind, Affinity(declared)))
                findings.Add(new CheckFinding(TypeMismatch, new[] { method, column.Name, declared, label, member.TypeName }));
            else if (column.DeclaredType is null && member.Kind != "Unknown" && expressionType(index) is var type && !ExpressionFits(member.Kind, type))
                findings.Add(new CheckFinding(ExpressionTypeMismatch, new[] { method, column.Name, type.ToString().ToUpperInvariant(), label, member.TypeName }));
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (!used[i]) findings.Add(new CheckFinding(UnreadColumn, new[] { method, columns[i].Name }));
        }
    }

    /// <summary>
    /// Whether a member of <paramref name="kind"/> can read an expression that always has storage class <paramref name="type"/>.
    /// Text reads anything; otherwise the declared-type rule applies to the storage class.
    /// </summary>
    private static bool ExpressionFits(string kind, StorageClass type) => type switch
    {
        StorageClass.Integer => kind == "String" || Fits(kind, StorageAffinity.Integer),
        StorageClass.Real => kind == "String" || Fits(kind, StorageAffinity.Real),
        StorageClass.Text => Fits(kind, StorageAffinity.Text),
        StorageClass.Blob => Fits(kind, StorageAffinity.Blob),
        _ => true,
    };

    private static string Position(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private enum StorageAffinity { Integer, Text, Blob, Real, Numeric }

    /// <summary>SQLite's affinity rules (datatype3.html §3.1), in their order.</summary>
    private static StorageAffinity Affinity(string declared)
    {
        string t = declared.ToUpperInvariant();
        if (t.Contains("INT")) return StorageAffinity.Integer;
        if (t.Contains("CHAR") || t.Contains("CLOB") || t.Contains("TEXT")) return StorageAffinity.Text;
        if (t.Contains("BLOB")) return StorageAffinity.Blob;
        if (t.Contains("REAL") || t.Contains("FLOA") || t.Contains("DOUB")) return StorageAffinity.Real;
        return StorageAffinity.Numeric;
    }

    /// <summary>Whether the runtime's reader for <paramref name="kind"/> really converts what a column of this affinity holds.</summary>
    private static bool Fits(string kind, StorageAffinity affinity) => kind switch
    {
        "Boolean" or "Byte" or "SByte" or "Int16" or "UInt16" or "Int32" or "UInt32" or "Int64" or "UInt64" or "NInt" or "NUInt"
            => affinity is StorageAffinity.Integer or StorageAffinity.Numeric,
        "Single" or "Double" => affinity is StorageAffinity.Real or StorageAffinity.Integer or StorageAffinity.Numeric,
        "Decimal" => affinity is not StorageAffinity.Blob,
        "String" => affinity is StorageAffinity.Text or StorageAffinity.Numeric,
        "Char" => affinity is StorageAffinity.Text or StorageAffinity.Integer,
        "Blob" or "Memory" => affinity is StorageAffinity.Blob,
        "Guid" => affinity is StorageAffinity.Text or StorageAffinity.Blob,
        // TEXT (ISO-8601) or a REAL/INTEGER Julian day number (days for TimeSpan).
        "DateTime" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan" => affinity is not StorageAffinity.Blob,
        _ => true,
    };
}
