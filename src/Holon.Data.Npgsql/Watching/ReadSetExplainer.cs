using System.Text.Json;
using Npgsql;

namespace Holon.Data.Npgsql.Watching;

/// <summary>
/// Learns which tables a watched SELECT reads from the server's own plan, never from the SQL text: the statement is
/// prepared with a generic plan (parameters stay parameters, so a NULL argument cannot fold a scan away) and every
/// <c>Relation Name</c> of <c>EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE</c> is collected. The planner has already
/// expanded views into the tables they read (through their <c>pg_rewrite</c> rules), so a view's tables are in the
/// read set and the view itself is not. Only ordinary tables are kept: they are what logical replication reports.
/// </summary>
internal static class ReadSetExplainer
{
    /// <summary>Runs on a primary connection the caller holds; leaves no prepared statement or setting behind.</summary>
    public static async Task<Table[]> LearnAsync(NpgsqlConnection c, StatementDefinition definition, CancellationToken ct)
    {
        string name = "holon_rs_" + Guid.NewGuid().ToString("N")[..16];
        string arguments = definition.ParameterNames.Count == 0
            ? ""
            : "(" + string.Join(", ", Enumerable.Repeat("NULL", definition.ParameterNames.Count)) + ")";
        string plan;
        await using (var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            await ExecuteAsync(c, "SET LOCAL plan_cache_mode = force_generic_plan", ct).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(c, "PREPARE " + name + " AS " + definition.Sql, ct).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                throw new NpgsqlStatementException(definition.Origin, definition.Sql, e);
            }
            try
            {
                await using var explain = new NpgsqlCommand("EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE " + name + arguments, c);
                plan = Convert.ToString(await explain.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            }
            catch (PostgresException e)
            {
                throw new NpgsqlStatementException(definition.Origin, definition.Sql, e);
            }
            finally
            {
                await ExecuteAsync(c, "DEALLOCATE " + name, CancellationToken.None).ConfigureAwait(false);
            }
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var relations = new HashSet<string>(StringComparer.Ordinal);
        using (var doc = JsonDocument.Parse(plan)) Collect(doc.RootElement, relations);
        return await TablesOnlyAsync(c, relations, ct).ConfigureAwait(false);
    }


    private static void Collect(JsonElement e, HashSet<string> relations)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Collect(item, relations);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        if (e.TryGetProperty("Relation Name", out var relation) && e.TryGetProperty("Schema", out var schema))
        {
            relations.Add(schema.GetString() + "." + relation.GetString());
        }
        foreach (var p in e.EnumerateObject()) Collect(p.Value, relations);
    }

    /// <summary>Keeps ordinary tables (relkind r); a materialized view or foreign table has no row changes to report.</summary>
    private static async Task<Table[]> TablesOnlyAsync(NpgsqlConnection c, HashSet<string> relations, CancellationToken ct)
    {
        if (relations.Count == 0) return [];
        const string Sql =
            "SELECT n.nspname || '.' || r.relname, r.oid::regclass::text, r.oid FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace " +
            "WHERE n.nspname || '.' || r.relname = ANY($1) AND r.relkind = 'r' ORDER BY 1";
        await using var cmd = new NpgsqlCommand(Sql, c);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. relations] });
        var tables = new List<Table>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) tables.Add(new Table(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<uint>(2)));
        return [.. tables];
    }

    /// <summary>
    /// A table read: <c>schema.name</c> as logical replication reports it, its regclass spelling (quoted where needed)
    /// and its OID (a table dropped and created again under the same name is a new table, not yet published).
    /// </summary>
    public readonly record struct Table(string Name, string RegClass, uint Oid);

    private static async Task ExecuteAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
