namespace Holon.Data;

/// <summary>One problem <see cref="SqlitePool.Verify"/> (or PostgreSQL's <c>NpgsqlDataSource.Verify</c>) found: the statement's origin, the HOLON id (as the generator reports it) and the message.</summary>
/// <param name="Origin">Where the statement is declared (<c>Namespace.Type.Method</c>).</param>
/// <param name="Id">HOLON200 (the database rejects it), HOLON201 (member without column), HOLON202 (column without member), HOLON203 (NULL into non-nullable), HOLON204 (declared type), HOLON207 (two columns for one member), HOLON211 (an expression of a certain type the member cannot hold).</param>
/// <param name="Message">What is wrong, with the database's own words where it gave them.</param>
public sealed record SchemaFinding(string Origin, string Id, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Id + " " + Origin + ": " + Message;
}
