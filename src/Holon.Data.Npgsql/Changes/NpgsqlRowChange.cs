namespace Holon.Data.Npgsql;

/// <summary>One row changed by a committed transaction on PostgreSQL, as logical replication reports it.</summary>
/// <param name="Schema">The table's schema.</param>
/// <param name="Table">The table's name.</param>
/// <param name="Operation">Insert, update or delete.</param>
/// <param name="KeyColumns">The names of the columns of the table's replica identity (its primary key by default), in
/// the table's column order; shared by every change of the table.</param>
/// <param name="Key">Those columns' values in PostgreSQL's text form (null for SQL NULL); for an update that changed
/// the key, the new key.</param>
public readonly record struct NpgsqlRowChange(
    string Schema, string Table, RowOperation Operation, IReadOnlyList<string> KeyColumns, IReadOnlyList<string?> Key);
