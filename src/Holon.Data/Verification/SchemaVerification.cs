namespace Holon.Data;

/// <summary>The result of <see cref="SqlitePool.Verify"/> (or PostgreSQL's <c>NpgsqlDataSource.Verify</c>): every finding on every statement, in statement order.</summary>
public sealed class SchemaVerification
{
    // verifier: the method that checked, which the exception's message starts with.
    internal SchemaVerification(IReadOnlyList<SchemaFinding> findings, int statements, string verifier = "SqlitePool.Verify")
    {
        Findings = findings;
        Statements = statements;
        _verifier = verifier;
    }

    private readonly string _verifier;

    /// <summary>Every finding; empty when the statements fit the schema.</summary>
    public IReadOnlyList<SchemaFinding> Findings { get; }

    /// <summary>How many statements were checked.</summary>
    public int Statements { get; }

    /// <summary>No finding of any severity.</summary>
    public bool IsValid => Findings.Count == 0;

    /// <summary>Throws one <see cref="SchemaVerificationException"/> listing every finding, if there is any.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new SchemaVerificationException(Findings, Statements, _verifier);
    }
}

/// <summary>Thrown by <see cref="SchemaVerification.ThrowIfInvalid"/>: the statements do not fit the database's schema.</summary>
public sealed class SchemaVerificationException : Exception
{
    internal SchemaVerificationException(IReadOnlyList<SchemaFinding> findings, int statements, string verifier)
        : base($"{verifier}: {findings.Count} finding(s) in {statements} statement(s):" + Environment.NewLine
               + string.Join(Environment.NewLine, findings.Select(f => "  " + f)))
    {
        Findings = findings;
    }

    /// <summary>Every finding.</summary>
    public IReadOnlyList<SchemaFinding> Findings { get; }
}
