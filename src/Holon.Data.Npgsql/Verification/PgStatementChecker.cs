using System.Data;
using Holon.Data.Internal;
using Holon.Verification;
using Npgsql;
using Npgsql.PostgresTypes;
using NpgsqlTypes;

namespace Holon.Data.Npgsql;

/// <summary>
/// Describes one PostgreSQL statement on the server without running it and checks its result columns against the
/// members that receive them, with the runtime's column matcher and the same finding ids as SQLite's check.
/// </summary>
internal static class PgStatementChecker
{
    private const string IndeterminateDatatype = "42P18";

    /// <summary>What the server says about one result column.</summary>
    private readonly record struct Column(string Name, PostgresType? Type, string TypeName, uint TableOid, short Attribute);

    /// <summary>The findings for <paramref name="statement"/>, described on <paramref name="connection"/> inside the caller's transaction, which it rolls back.</summary>
    public static async ValueTask<List<CheckFinding>> CheckAsync(NpgsqlConnection connection, StatementDefinition statement,
        bool byName, IReadOnlyList<MemberSpec> members, bool async, CancellationToken ct)
    {
        await ExecuteAsync(connection, "SAVEPOINT holon_verify", async, ct).ConfigureAwait(false);
        try
        {
            return await CheckCoreAsync(connection, statement, byName, members, async, ct).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the statement was and however it failed, nothing of it stays in the transaction.
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT holon_verify; RELEASE SAVEPOINT holon_verify", async, ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask<List<CheckFinding>> CheckCoreAsync(NpgsqlConnection connection, StatementDefinition statement,
        bool byName, IReadOnlyList<MemberSpec> members, bool async, CancellationToken ct)
    {
        var findings = new List<CheckFinding>();
        string method = statement.Origin;
        Column[] columns;
        try
        {
            columns = await DescribeAsync(connection, statement, untypedParameters: false, async, ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == IndeterminateDatatype)
        {
            // The generated code binds typed parameters; without them the server cannot type `SELECT $1`. Sent as
            // 'unknown', a parameter is typed like a quoted literal ('…'): text where nothing else decides.
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT holon_verify", async, ct).ConfigureAwait(false);
            try
            {
                columns = await DescribeAsync(connection, statement, untypedParameters: true, async, ct).ConfigureAwait(false);
            }
            catch (PostgresException again)
            {
                findings.Add(new CheckFinding(StatementChecker.Rejected, [method, Reason(again)]));
                return findings;
            }
        }
        catch (PostgresException e)
        {
            findings.Add(new CheckFinding(StatementChecker.Rejected, [method, Reason(e)]));
            return findings;
        }

        if (members.Count == 0) return findings;
        var nullable = await NullableAsync(connection, columns, async, ct).ConfigureAwait(false);
        Match(method, byName, members, columns, nullable, findings);
        return findings;
    }

    /// <summary>The server's message, SQLSTATE and, when it gave one, the position in the SQL.</summary>
    private static string Reason(PostgresException e) =>
        e.MessageText + " (SQLSTATE " + e.SqlState + (e.Position > 0 ? ", at character " + e.Position : "") + ")";

    /// <summary>
    /// Parse and Describe only: <see cref="CommandBehavior.SchemaOnly"/> makes Npgsql send no Bind or Execute, so the
    /// statement never runs, whatever it is.
    /// </summary>
    private static async ValueTask<Column[]> DescribeAsync(NpgsqlConnection connection, StatementDefinition statement, bool untypedParameters,
        bool async, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(statement.Sql, connection);
        if (untypedParameters)
        {
            for (int i = 0; i < statement.ParameterNames.Count; i++)
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = DBNull.Value });
        }
        await using var reader = async
            ? await command.ExecuteReaderAsync(CommandBehavior.SchemaOnly, ct).ConfigureAwait(false)
            : command.ExecuteReader(CommandBehavior.SchemaOnly);
        IReadOnlyList<global::Npgsql.Schema.NpgsqlDbColumn> schema = async
            ? (await reader.GetColumnSchemaAsync(ct).ConfigureAwait(false)).Cast<global::Npgsql.Schema.NpgsqlDbColumn>().ToList()
            : reader.GetColumnSchema();
        var columns = new Column[schema.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            var c = schema[i];
            columns[i] = new Column(c.ColumnName, c.PostgresType, c.DataTypeName, c.TableOID, c.ColumnAttributeNumber ?? 0);
        }
        return columns;
    }

    private static async ValueTask ExecuteAsync(NpgsqlConnection connection, string sql, bool async, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (async) await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        else command.ExecuteNonQuery();
    }

    /// <summary>
    /// Per column: true when it comes straight from a column of a table (ordinary, partitioned or foreign) that admits
    /// NULL, by <c>pg_attribute.attnotnull</c>. False for a NOT NULL table column and for everything the metadata cannot
    /// tell: expressions, and columns of views, whose attributes never carry NOT NULL.
    /// </summary>
    private static async ValueTask<bool[]> NullableAsync(NpgsqlConnection connection, Column[] columns, bool async, CancellationToken ct)
    {
        var result = new bool[columns.Length];
        var tables = columns.Where(c => c.TableOid != 0 && c.Attribute > 0).Select(c => (long)c.TableOid).ToArray();
        if (tables.Length == 0) return result;
        var attributes = columns.Where(c => c.TableOid != 0 && c.Attribute > 0).Select(c => c.Attribute).ToArray();
        await using var command = new NpgsqlCommand(
            "SELECT k.rel, k.num FROM unnest($1::int8[], $2::int2[]) AS k(rel, num) "
            + "JOIN pg_attribute a ON a.attrelid::int8 = k.rel AND a.attnum = k.num JOIN pg_class c ON c.oid = a.attrelid "
            + "WHERE NOT a.attnotnull AND c.relkind IN ('r', 'p', 'f')", connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = tables });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = attributes });
        var admitsNull = new HashSet<(uint, short)>();
        await using (var reader = async ? await command.ExecuteReaderAsync(ct).ConfigureAwait(false) : command.ExecuteReader())
        {
            while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                admitsNull.Add(((uint)reader.GetInt64(0), reader.GetInt16(1)));
        }
        for (int i = 0; i < columns.Length; i++) result[i] = admitsNull.Contains((columns[i].TableOid, columns[i].Attribute));
        return result;
    }

    private static void Match(string method, bool byName, IReadOnlyList<MemberSpec> members, Column[] columns, bool[] nullable,
        List<CheckFinding> findings)
    {
        var names = columns.Select(c => c.Name).ToArray();
        var used = new bool[columns.Length];
        for (int m = 0; m < members.Count; m++)
        {
            var member = members[m];
            int index = byName ? ColumnMatcher.Find(names, member.Name) : (m < columns.Length ? m : -1);
            string label = byName ? "'" + member.Name + "'" : "position " + m + " (" + member.TypeName + ")";
            if (index < 0)
            {
                if (member.IsRequired)
                    findings.Add(new CheckFinding(StatementChecker.MissingColumn, [method, label, columns.Length == 0 ? "none" : string.Join(", ", names)]));
                continue;
            }

            used[index] = true;
            // The runtime's rule: a member that two columns match (by the case- and underscore-insensitive key) is ambiguous.
            if (byName && ColumnMatcher.FindAnother(names, member.Name, index) is int other and >= 0)
            {
                used[other] = true;
                findings.Add(new CheckFinding(StatementChecker.DuplicateColumn, [method, label, names[index], Position(index), names[other], Position(other)]));
            }
            var column = columns[index];
            if (!member.IsNullable && nullable[index])
                findings.Add(new CheckFinding(StatementChecker.NullIntoNonNullable, [method, column.Name, label, member.TypeName]));
            if (column.Type is { } type && !PgTypeFit.Fits(member.Kind, type))
                findings.Add(new CheckFinding(StatementChecker.TypeMismatch, [method, column.Name, column.TypeName, label, member.TypeName]));
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (!used[i]) findings.Add(new CheckFinding(StatementChecker.UnreadColumn, [method, columns[i].Name]));
        }
    }

    private static string Position(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
