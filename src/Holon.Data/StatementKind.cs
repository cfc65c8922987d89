namespace Holon.Data;

/// <summary>What a <see cref="StatementDefinition"/> was declared as.</summary>
public enum StatementKind
{
    /// <summary>A read (<c>[Query]</c>), run on a reader connection.</summary>
    Query = 0,

    /// <summary>A write (<c>[Command]</c>), run on the writer connection.</summary>
    Command = 1,

    /// <summary>A watched read (<c>[Watch]</c>), re-run on a reader after relevant commits.</summary>
    Watch = 2,
}
