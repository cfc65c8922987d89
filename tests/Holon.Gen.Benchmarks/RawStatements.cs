using System.Buffers;
using System.Text;
using SQLitePCL;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// The floor: SQLitePCLRaw on one connection, each statement prepared once (persistent) and reused with
/// bind/step/reset, ids encoded to UTF-8 on the stack. Nothing between the caller and SQLite but this class.
/// </summary>
public sealed class RawStatements : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _get;
    private readonly sqlite3_stmt _children;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;

    public RawStatements(string path)
    {
        Batteries_V2.Init();
        Check(raw.sqlite3_open_v2(path, out _db, raw.SQLITE_OPEN_READWRITE, null));
        Check(raw.sqlite3_exec(_db, "PRAGMA synchronous=NORMAL"));
        raw.sqlite3_busy_timeout(_db, 5000);
        _get = Prepare(Sql.Get);
        _children = Prepare(Sql.Children);
        _insert = Prepare(Sql.Insert);
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
    }

    public Block? Get(string id)
    {
        var s = _get;
        BindText(s, 1, id);
        try
        {
            int rc = raw.sqlite3_step(s);
            if (rc == raw.SQLITE_ROW) return Map(s);
            if (rc == raw.SQLITE_DONE) return null;
            throw Error(rc);
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    public List<Block> Children(string parentId)
    {
        var s = _children;
        BindText(s, 1, parentId);
        try
        {
            var list = new List<Block>();
            int rc;
            while ((rc = raw.sqlite3_step(s)) == raw.SQLITE_ROW)
            {
                list.Add(Map(s));
            }

            return rc == raw.SQLITE_DONE ? list : throw Error(rc);
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    public int Insert(Block block)
    {
        var s = _insert;
        BindText(s, 1, block.Id);
        if (block.ParentId is null) raw.sqlite3_bind_null(s, 2); else BindText(s, 2, block.ParentId);
        BindText(s, 3, block.Content);
        raw.sqlite3_bind_int64(s, 4, block.SortKey);
        try
        {
            int rc = raw.sqlite3_step(s);
            return rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_db) : throw Error(rc);
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    public void InsertMany(Block[] blocks)
    {
        Run(_begin);
        try
        {
            foreach (var block in blocks)
            {
                Insert(block);
            }

            Run(_commit);
        }
        catch
        {
            raw.sqlite3_exec(_db, "ROLLBACK");
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var s in new[] { _get, _children, _insert, _begin, _commit })
        {
            s.Dispose();
        }

        _db.Dispose();
    }

    private static Block Map(sqlite3_stmt s) => new(
        raw.sqlite3_column_text(s, 0).utf8_to_string(),
        raw.sqlite3_column_type(s, 1) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(s, 1).utf8_to_string(),
        raw.sqlite3_column_text(s, 2).utf8_to_string(),
        raw.sqlite3_column_int64(s, 3));

    private static void BindText(sqlite3_stmt s, int index, string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[512];
            int n = Encoding.UTF8.GetBytes(value, buffer);
            raw.sqlite3_bind_text(s, index, buffer[..n]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        int m = Encoding.UTF8.GetBytes(value, rented);
        raw.sqlite3_bind_text(s, index, rented.AsSpan(0, m));
        ArrayPool<byte>.Shared.Return(rented);
    }

    private void Run(sqlite3_stmt s)
    {
        int rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (rc != raw.SQLITE_DONE) throw Error(rc);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var stmt));
        return stmt;
    }

    private Exception Error(int rc) => new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw Error(rc);
    }
}
