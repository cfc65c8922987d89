using System;
using System.Collections.Generic;
using SQLitePCL;

// Compiled into both the generator and Holon.Data (see StatementChecker.cs).
namespace Holon.Verification;

/// <summary>
/// What the nullability analysis needs to know about the b-trees a program opens: for each root page, whether the
/// value at each record position can be NULL. A rowid table's record holds its columns in declaration order, less the
/// VIRTUAL generated ones; a WITHOUT ROWID table and an index hold the order <c>PRAGMA index_xinfo</c> lists. Built
/// lazily, one b-tree at a time, and valid for as long as the schema does not change (one verification pass).
/// </summary>
internal sealed class SchemaCatalog
{
    private readonly sqlite3 _db;
    private Dictionary<long, (string Type, string Name, string Table)>? _pages;
    private readonly Dictionary<long, bool[]?> _positions = new();
    private readonly Dictionary<long, int[]?> _cids = new();
    private readonly Dictionary<string, TableInfo> _tables = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, (bool WithoutRowid, bool Strict)>? _tableFlags;

    private string? _explainedSql;
    private VdbeProgram? _explained;

    public SchemaCatalog(sqlite3 db) => _db = db;

    /// <summary>The program of <paramref name="sql"/>; the last one is kept, since every check of one statement reads it.</summary>
    public VdbeProgram? Program(string sql)
    {
        if (!string.Equals(sql, _explainedSql, StringComparison.Ordinal))
        {
            _explained = VdbeProgram.Explain(_db, sql);
            _explainedSql = sql;
        }
        return _explained;
    }

    /// <summary>One declared column: its name, declared type (empty when none), NOT NULL, and primary key position.</summary>
    internal readonly record struct ColumnInfo(string Name, string DeclaredType, bool NotNull, int Hidden, int PrimaryKey);

    /// <summary>A table's columns in cid order, whether it is STRICT, and its INTEGER PRIMARY KEY (rowid alias) cid, or -1.</summary>
    internal sealed record TableInfo(string Name, List<ColumnInfo> Columns, bool Strict, int RowidAlias);

    /// <summary>The table a b-tree belongs to (an index's table too), and whether the b-tree is the table itself; null when unknown.</summary>
    public (TableInfo Table, bool IsTable)? Owner(long rootPage)
    {
        _pages ??= LoadPages();
        if (!_pages.TryGetValue(rootPage, out var page)) return null;
        return (Table(page.Table), page.Type == "table");
    }

    /// <summary>For the b-tree at <paramref name="rootPage"/>: the table column (cid) at each record position; -1 the rowid, -2 an expression.</summary>
    public int[]? Cids(long rootPage)
    {
        if (_cids.TryGetValue(rootPage, out var known)) return known;
        _pages ??= LoadPages();
        int[]? cids = null;
        if (_pages.TryGetValue(rootPage, out var page))
        {
            var table = Table(page.Table);
            if (page.Type == "index") cids = IndexCids(page.Name);
            else if (Flags(page.Name).WithoutRowid) cids = PrimaryKeyIndex(page.Name) is { } pk ? IndexCids(pk) : null;
            else
            {
                var list = new List<int>();
                for (int cid = 0; cid < table.Columns.Count; cid++)
                {
                    if (table.Columns[cid].Hidden != 2) list.Add(cid);   // a VIRTUAL generated column is not stored
                }
                cids = list.ToArray();
            }
        }
        _cids[rootPage] = cids;
        return cids;
    }

    /// <summary>A table's columns, STRICT flag and rowid alias, read once.</summary>
    public TableInfo Table(string name)
    {
        if (_tables.TryGetValue(name, out var known)) return known;
        var columns = new List<ColumnInfo>();
        Query("SELECT name, type, \"notnull\", hidden, pk FROM pragma_table_xinfo(" + Quote(name) + ") ORDER BY cid",
            stmt => columns.Add(new ColumnInfo(Text(stmt, 0), Text(stmt, 1), raw.sqlite3_column_int(stmt, 2) != 0,
                raw.sqlite3_column_int(stmt, 3), raw.sqlite3_column_int(stmt, 4))));
        var flags = Flags(name);
        int alias = -1;
        if (!flags.WithoutRowid && columns.FindAll(c => c.PrimaryKey > 0) is { Count: 1 } pk
            && string.Equals(pk[0].DeclaredType, "INTEGER", StringComparison.OrdinalIgnoreCase))
        {
            alias = columns.IndexOf(pk[0]);
        }
        var table = new TableInfo(name, columns, flags.Strict, alias);
        _tables[name] = table;
        return table;
    }

    private (bool WithoutRowid, bool Strict) Flags(string table)
    {
        if (_tableFlags is null)
        {
            _tableFlags = new Dictionary<string, (bool, bool)>(StringComparer.OrdinalIgnoreCase);
            var map = _tableFlags;
            Query("SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main'",
                stmt => map[Text(stmt, 0)] = (raw.sqlite3_column_int(stmt, 1) != 0, raw.sqlite3_column_int(stmt, 2) != 0));
        }
        return _tableFlags.TryGetValue(table, out var flags) ? flags : (false, false);
    }

    private string? PrimaryKeyIndex(string table)
    {
        string? index = null;
        Query("SELECT name FROM pragma_index_list(" + Quote(table) + ") WHERE origin = 'pk'", stmt => index = Text(stmt, 0));
        return index;
    }

    private int[] IndexCids(string index)
    {
        var cids = new List<int>();
        Query("SELECT cid FROM pragma_index_xinfo(" + Quote(index) + ") ORDER BY seqno", stmt => cids.Add(raw.sqlite3_column_int(stmt, 0)));
        return cids.ToArray();
    }

    /// <summary>
    /// For the b-tree at <paramref name="rootPage"/> of the main database: whether each record position can hold NULL;
    /// null when the page is unknown (a TEMP or attached table).
    /// </summary>
    public bool[]? Positions(long rootPage)
    {
        if (_positions.TryGetValue(rootPage, out var known)) return known;
        bool[]? positions = null;
        if (Cids(rootPage) is { } cids && Owner(rootPage) is { } owner)
        {
            var columns = owner.Table.Columns;
            positions = new bool[cids.Length];
            // cid -1 is the rowid (never NULL), -2 an expression (unknown, so possibly NULL).
            for (int i = 0; i < cids.Length; i++)
                positions[i] = cids[i] != -1 && (cids[i] < 0 || cids[i] >= columns.Count || !columns[cids[i]].NotNull);
        }
        _positions[rootPage] = positions;
        return positions;
    }

    private Dictionary<long, (string, string, string)> LoadPages()
    {
        var pages = new Dictionary<long, (string, string, string)>();
        Query("SELECT rootpage, type, name, tbl_name FROM sqlite_schema WHERE rootpage > 0", stmt =>
            pages[raw.sqlite3_column_int64(stmt, 0)] = (Text(stmt, 1), Text(stmt, 2), Text(stmt, 3)));
        return pages;
    }

    private void Query(string sql, Action<sqlite3_stmt> row)
    {
        if (raw.sqlite3_prepare_v2(_db, sql, out sqlite3_stmt stmt, out string _) != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            return;
        }
        using (stmt)
        {
            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW) row(stmt);
        }
    }

    private static string Text(sqlite3_stmt stmt, int column) => raw.sqlite3_column_text(stmt, column).utf8_to_string() ?? "";

    private static string Quote(string name) => "'" + name.Replace("'", "''") + "'";
}
