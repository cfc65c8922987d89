using Holon.Verification;

namespace Holon.Data;

/// <summary>The words of a <see cref="SchemaFinding"/>, the same on every backend; only the rejecting database's name differs.</summary>
internal static class FindingMessages
{
    /// <param name="finding">The finding, its arguments as <see cref="StatementChecker"/>'s ids define them (the method first).</param>
    /// <param name="database">Who rejected the SQL: <c>SQLite</c>, <c>PostgreSQL</c>.</param>
    public static string Of(CheckFinding finding, string database)
    {
        var a = finding.Arguments;
        return finding.Id switch
        {
            StatementChecker.Rejected => database + " rejects the SQL: " + a[1],
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
