namespace Holon.Demo;

/// <summary>The demo's columns (the table itself is in Migrations/), shared by both backends so their files can be compared row by row.</summary>
internal static class Schema
{
    public const string AllColumns = "id, parent_id, content, content_type, sort_key, properties, created_at, updated_at";
}
