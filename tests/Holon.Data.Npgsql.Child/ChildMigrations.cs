using Holon.Data;

namespace Holon.Data.Npgsql.Child;

/// <summary>
/// The race's migrations. Every body inserts its version into runs (no key), so a body that ran twice shows as a
/// duplicate; the first sleeps so that two processes starting together overlap inside it.
/// </summary>
public static class ChildMigrations
{
    public const int Latest = 5;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "runs", "CREATE TABLE runs(version integer NOT NULL);\nCREATE TABLE t1(id integer PRIMARY KEY);\n" +
            "SELECT pg_sleep(0.05);\nINSERT INTO runs VALUES (1);"),
        new(2, "name", "ALTER TABLE t1 ADD COLUMN name text;\nINSERT INTO runs VALUES (2);"),
        new(3, "function", "CREATE FUNCTION t1_count() RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN (SELECT count(*) FROM t1);\nEND;\n$$;\n" +
            "INSERT INTO runs VALUES (3);"),
        new(4, "index", "CREATE INDEX t1_name ON t1(name);\nINSERT INTO runs VALUES (4);"),
        new(5, "row", "INSERT INTO t1 VALUES (1, 'one');\nINSERT INTO runs VALUES (5);"),
    ];
}
