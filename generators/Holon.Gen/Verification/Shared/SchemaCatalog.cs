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
    private Dictionary<string, bool>? _withoutRowid;

    public SchemaCatalog(sqlite3 db) => _db = db;

    /// <summary>
    /// For the b-tree at <paramref name="rootPage"/> of the main database: whether each record position can hold NULL;
    /// null when the page is unknown (a TEMP or attached table, an index on an expression the rules do not cover).
    /// </summary>
    public bool[]? Positions(long rootPage)
    {
        if (_positions.TryGetValue(rootPage, out var known)) return known;
        _pages ??= LoadPages();
        bool[]? positions = null;
        if (_pages.TryGetValue(rootPage, out var page))
        {
            positions = page.Type == "index" ? IndexPositions(page.Name, page.Table)
                : WithoutRowid(page.Name) ? PrimaryKeyPositions(page.Name)
                : TablePositions(page.Name);
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

    private bool WithoutRowid(string table)
    {
        if (_withoutRowid is null)
        {
            _withoutRowid = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            var map = _withoutRowid;
            Query("SELECT name, wr FROM pragma_table_list WHERE schema = 'main'", stmt => map[Text(stmt, 0)] = raw.sqlite3_column_int(stmt, 1) != 0);
        }
        return _withoutRowid.TryGetValue(table, out bool wr) && wr;
    }

    /// <summary>Declared columns (cid order) with their NOT NULL and hidden flags.</summary>
    private List<(bool NotNull, int Hidden)> Columns(string table)
    {
        var columns = new List<(bool, int)>();
        Query("SELECT \"notnull\", hidden FROM pragma_table_xinfo(" + Quote(table) + ") ORDER BY cid",
            stmt => columns.Add((raw.sqlite3_column_int(stmt, 0) != 0, raw.sqlite3_column_int(stmt, 1))));
        return columns;
    }

    private bool[] TablePositions(string table)
    {
        var positions = new List<bool>();
        foreach (var (notNull, hidden) in Columns(table))
        {
            // hidden 2: a VIRTUAL generated column is computed, never stored in the record.
            if (hidden != 2) positions.Add(!notNull);
        }
        return positions.ToArray();
    }

    private bool[]? PrimaryKeyPositions(string table)
    {
        string? index = null;
        Query("SELECT name FROM pragma_index_list(" + Quote(table) + ") WHERE origin = 'pk'", stmt => index = Text(stmt, 0));
        return index is null ? null : IndexPositions(index, table);
    }

    private bool[] IndexPositions(string index, string table)
    {
        var columns = Columns(table);
        var positions = new List<bool>();
        // cid -1 is the rowid (never NULL), -2 an expression (unknown, so possibly NULL).
        Query("SELECT cid FROM pragma_index_xinfo(" + Quote(index) + ") ORDER BY seqno", stmt =>
        {
            int cid = raw.sqlite3_column_int(stmt, 0);
            positions.Add(cid == -1 ? false : cid < 0 || cid >= columns.Count || !columns[cid].NotNull);
        });
        return positions.ToArray();
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
