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
    /// HOLON200 and HOLON202 need <see cref="StatementDefinition.ResultShape"/>.
    /// </summary>
    /// <param name="statements">Typically <c>HolonCatalog.All</c>, or one type's <c>HolonStatements</c>.</param>
    /// <returns>Every finding; call <see cref="SchemaVerification.ThrowIfInvalid"/> in a test.</returns>
    public SchemaVerification Verify(IEnumerable<StatementDefinition> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var findings = new List<SchemaFinding>();
        int count = 0;
        // A reader suffices: statements are prepared and described, never stepped.
        using var lease = RentReader();
        var db = lease.Live.Db;
        var catalog = new SchemaCatalog(db);   // the schema's b-trees, read once for all statements
        foreach (var statement in statements)
        {
            if (statement is null) throw new ArgumentException($"SqlitePool.Verify: statement {count} is null.", nameof(statements));
            count++;
            var (byName, members) = Members(statement);
            foreach (var f in StatementChecker.Check(db, statement.Origin, statement.Sql, byName, members, catalog))
            {
                findings.Add(new SchemaFinding(statement.Origin, f.Id, Message(f)));
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

    private static string Message(CheckFinding f)
    {
        var a = f.Arguments;
        return f.Id switch
        {
            StatementChecker.Rejected => "SQLite rejects the SQL: " + a[1],
            StatementChecker.MissingColumn => $"member {a[1]} must be set but the result has no column for it; the columns are: {a[2]}",
            StatementChecker.UnreadColumn => $"column '{a[1]}' maps to no member and is read for nothing",
            StatementChecker.NullIntoNonNullable => $"column '{a[1]}' can be NULL but member {a[2]} has non-nullable type '{a[3]}'",
            StatementChecker.TypeMismatch => $"column '{a[1]}' is declared '{a[2]}', which the runtime cannot read into member {a[3]} of type '{a[4]}'",
            StatementChecker.ExpressionTypeMismatch => $"column '{a[1]}' is an expression whose value is always {a[2]}, which the runtime cannot read into member {a[3]} of type '{a[4]}'",
            StatementChecker.DuplicateColumn => $"member {a[1]} matches two columns, '{a[2]}' at position {a[3]} and '{a[4]}' at position {a[5]}",
            _ => string.Join(", ", a),
        };
    }
}
