namespace Holon.Data;

/// <summary>One problem <see cref="SqlitePool.Verify"/> found: the statement's origin, the HOLON id (as the generator reports it) and the message.</summary>
/// <param name="Origin">Where the statement is declared (<c>Namespace.Type.Method</c>).</param>
/// <param name="Id">HOLON200 (SQLite rejects it), HOLON201 (member without column), HOLON202 (column without member), HOLON203 (NULL into non-nullable), HOLON204 (type), HOLON207 (two columns for one member).</param>
/// <param name="Message">What is wrong, with SQLite's own words where it gave them.</param>
public sealed record SchemaFinding(string Origin, string Id, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Id + " " + Origin + ": " + Message;
}
