using System;
using System.Collections.Generic;
using Holon.Gen.Diagnostics;
using Holon.Gen.Migrations;
using Holon.Gen.Model;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>
/// In-memory databases built from migrations, shared by every compilation in this process (the compiler server keeps
/// it across builds and projects). One lock guards it all, the connections are opened FULLMUTEX besides, and at most
/// <see cref="Capacity"/> schemas stay open, least recently used first out.
/// </summary>
internal static class SchemaCache
{
    public const int Capacity = 4;

    private static readonly object s_gate = new();
    private static readonly LinkedList<Entry> s_entries = new();   // most recently used first

    /// <summary>An open schema: the database, or the diagnostics that say why it could not be built.</summary>
    internal sealed class Entry
    {
        public Entry(string hash, sqlite3? db, EquatableArray<DiagnosticInfo> diagnostics)
        {
            Hash = hash;
            Db = db;
            Diagnostics = diagnostics;
            Catalog = db is null ? null : new Holon.Verification.SchemaCatalog(db);
        }

        public string Hash { get; }
        public sqlite3? Db { get; }

        /// <summary>The b-tree facts the nullability analysis reads, loaded once per schema (used under the cache's lock).</summary>
        public Holon.Verification.SchemaCatalog? Catalog { get; }
        public EquatableArray<DiagnosticInfo> Diagnostics { get; }
    }

    /// <summary>Runs <paramref name="work"/> on the schema's database, building it first if it is not open.</summary>
    public static T Use<T>(SchemaInput schema, Func<Entry, T> work)
    {
        lock (s_gate)
        {
            var node = s_entries.First;
            while (node is not null && node.Value.Hash != schema.Hash) node = node.Next;
            if (node is null)
            {
                node = new LinkedListNode<Entry>(Build(schema));
                while (s_entries.Count >= Capacity)
                {
                    s_entries.Last!.Value.Db?.Dispose();
                    s_entries.RemoveLast();
                }
            }
            else
            {
                s_entries.Remove(node);
            }
            s_entries.AddFirst(node);
            return work(node.Value);
        }
    }

    /// <summary>Open schemas, for tests of the bound.</summary>
    public static int Count
    {
        get { lock (s_gate) return s_entries.Count; }
    }

    private static Entry Build(SchemaInput schema)
    {
        int rc = raw.sqlite3_open_v2(":memory:", out sqlite3 db,
            raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE | raw.SQLITE_OPEN_FULLMUTEX, null);
        if (rc != raw.SQLITE_OK)
        {
            db?.Dispose();
            return new Entry(schema.Hash, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        // Functions first: a migration may use one in a view, an index, a generated column or a CHECK constraint.
        if (SqlFunctions.Register(db, schema.Functions) is { } refused)
        {
            db.Dispose();
            return new Entry(schema.Hash, null, new EquatableArray<DiagnosticInfo>(new[]
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.VerificationSkipped, null, "SQLite refused a declared function: " + refused),
            }));
        }

        foreach (var file in schema.Files)
        {
            var failure = Apply(db, file);
            if (failure is not null)
            {
                db.Dispose();
                return new Entry(schema.Hash, null, new EquatableArray<DiagnosticInfo>(new[] { failure }));
            }
        }
        return new Entry(schema.Hash, db, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>Runs a migration statement by statement, so that a failure names the line its statement starts on.</summary>
    private static DiagnosticInfo? Apply(sqlite3 db, MigrationFile file)
    {
        string rest = file.Sql;
        int offset = 0;
        while (true)
        {
            int leading = 0;
            while (leading < rest.Length && char.IsWhiteSpace(rest[leading])) leading++;
            int rc = raw.sqlite3_prepare_v2(db, rest, out sqlite3_stmt stmt, out string tail);
            int errorAt = rc == raw.SQLITE_OK ? -1 : SqliteErrorOffset.CharOffset(db, rest);
            tail ??= "";
            int consumed = rc == raw.SQLITE_OK ? rest.Length - tail.Length : rest.Length;
            if (rc == raw.SQLITE_OK && (stmt is null || stmt.IsInvalid))
            {
                stmt?.Dispose();
                return null;   // only whitespace or comments left
            }
            if (rc == raw.SQLITE_OK)
            {
                using (stmt)
                {
                    do rc = raw.sqlite3_step(stmt); while (rc == raw.SQLITE_ROW);
                }
            }
            if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
                return Failure(db, file, offset + leading, Math.Max(1, consumed - leading), errorAt < 0 ? -1 : offset + errorAt);
            offset += consumed;
            rest = tail;
        }
    }

    /// <summary>At the token SQLite's error offset points at (<paramref name="errorAt"/>), else the whole statement.</summary>
    private static DiagnosticInfo Failure(sqlite3 db, MigrationFile file, int start, int length, int errorAt)
    {
        if (errorAt >= 0)
        {
            start = Math.Min(errorAt, file.Sql.Length);
            length = SqliteErrorOffset.TokenLength(file.Sql, start);
        }
        length = Math.Min(length, file.Sql.Length - start);
        var location = TextLocations.At(file, start, Math.Max(0, length));
        string line = (location.LineSpan.Start.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return DiagnosticInfo.Create(DiagnosticDescriptors.MigrationFails, location,
            System.IO.Path.GetFileName(file.Path), line, raw.sqlite3_errmsg(db).utf8_to_string());
    }
}
