using Holon.Verification;

namespace Holon.Data;

public sealed partial class SqlitePool
{
    /// <summary>
    /// Prepares each statement against this database's live schema, without running it, and checks its result the way
    /// Holon.Gen does at build time (HOLON200–204): SQLite accepts it; every member that must be set has a column;
    /// every column has a member; no column that can be NULL goes into a non-nullable member (judged from the statement's
    /// bytecode, as at build time); the declared types fit, and so do expressions whose type is certain.
    /// Columns match members with the runtime's rules (case- and underscore-insensitive). Member checks beyond
    /// HOLON200 and HOLON202 need <see cref="StatementDefinition.ResultShape"/>. Statements of another
    /// <see cref="StatementDefinition.Backend"/> (PostgreSQL's, which <c>HolonCatalog.All</c> lists too) are skipped and not counted.
    /// </summary>
    /// <param name="statements">Typically <c>HolonCatalog.All</c>, or one type's <c>HolonStatements</c>.</param>
    /// <returns>Every finding; call <see cref="SchemaVerification.ThrowIfInvalid"/> in a test.</returns>
    public SchemaVerification Verify(IEnumerable<StatementDefinition> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var findings = new List<SchemaFinding>();
        int count = 0, index = 0;
        // A reader suffices: statements are prepared and described, never stepped.
        using var lease = RentReader();
        var db = lease.Live.Db;
        var catalog = new SchemaCatalog(db);   // the schema's b-trees, read once for all statements
        foreach (var statement in statements)
        {
            if (statement is null) throw new ArgumentException($"SqlitePool.Verify: statement {index} is null.", nameof(statements));
            index++;
            // HolonCatalog.All lists every backend's statements; another backend's SQL is checked by its own Verify.
            if (statement.Backend != StatementBackend.Sqlite) continue;
            count++;
            var (byName, members) = Members(statement);
            foreach (var f in StatementChecker.Check(db, statement.Origin, statement.Sql, byName, members, catalog))
            {
                findings.Add(new SchemaFinding(statement.Origin, f.Id, FindingMessages.Of(f, "SQLite")));
            }
        }
        return new SchemaVerification(findings, count);
    }

    private static (bool ByName, List<MemberSpec> Members) Members(StatementDefinition statement)
    {
        if (statement.ResultShape is { } shape)
        {
            bool byName = shape.Count > 0 && shape[0].Name.Length > 0;
            return (byName, shape.Select(m => new MemberSpec(m.Name, m.TypeName, m.Kind, m.IsNullable, m.IsRequired)).ToList());
        }

        // Names only: nullability, types and requiredness are unknown, so only unmatched columns are reported.
        return (true, statement.ResultMembers.Select(n => new MemberSpec(n, "?", "Unknown", IsNullable: true, IsRequired: false)).ToList());
    }
}
