namespace Holon.Demo;

/// <summary>The demo's table, shared by both backends so their files can be compared row by row.</summary>
internal static class Schema
{
    public const string CreateBlocks =
        "CREATE TABLE IF NOT EXISTS blocks (" +
        "id TEXT PRIMARY KEY NOT NULL, parent_id TEXT, content TEXT NOT NULL, content_type TEXT NOT NULL, " +
        "sort_key INTEGER NOT NULL, properties TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)";

    public const string CreateParentIndex =
        "CREATE INDEX IF NOT EXISTS blocks_by_parent ON blocks (parent_id, sort_key)";

    public const string AllColumns = "id, parent_id, content, content_type, sort_key, properties, created_at, updated_at";
}
