namespace Holon.Data;

/// <summary>What a committed write did to one row, as reported by SQLite's update hook.</summary>
public enum RowOperation
{
    /// <summary>The row was inserted.</summary>
    Insert = 0,

    /// <summary>The row was updated.</summary>
    Update = 1,

    /// <summary>The row was deleted.</summary>
    Delete = 2,
}
