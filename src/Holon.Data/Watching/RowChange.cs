namespace Holon.Data;

/// <summary>One row changed by a committed transaction: its table, what happened to it and its rowid.</summary>
/// <param name="Table">The table's name as declared in the schema.</param>
/// <param name="Operation">Insert, update or delete.</param>
/// <param name="RowId">The row's rowid (for an update that changed the rowid, the new one).</param>
public readonly record struct RowChange(string Table, RowOperation Operation, long RowId);
