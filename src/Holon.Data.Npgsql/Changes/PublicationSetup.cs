using Npgsql;

namespace Holon.Data.Npgsql.Changes;

/// <summary>Makes sure the feed's publication exists and covers the tables asked for; run on the primary.</summary>
internal static class PublicationSetup
{
    public static async Task EnsureAsync(NpgsqlConnection c, string publication, IReadOnlyList<string>? tables, CancellationToken ct)
    {
        bool exists = await ScalarAsync<bool>(c, "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1)", ct, publication)
            .ConfigureAwait(false);
        if (tables is null)
        {
            if (exists) return;
            throw new InvalidOperationException(
                $"NpgsqlChangeFeed.StartAsync: publication '{publication}' does not exist. Create it (CREATE PUBLICATION " +
                $"{publication} FOR TABLE …) or set NpgsqlChangeFeedOptions.Tables to the tables to stream.");
        }

        var resolved = new List<string>(tables.Count);
        foreach (var table in tables) resolved.Add(await ResolveAsync(c, table, ct).ConfigureAwait(false));
        string quoted = Quote(publication);
        if (!exists)
        {
            if (resolved.Count == 0)
            {
                throw new ArgumentException(
                    $"NpgsqlChangeFeed.StartAsync: publication '{publication}' does not exist and NpgsqlChangeFeedOptions.Tables is empty; name the tables to stream.");
            }

            try
            {
                await ExecuteAsync(c, $"CREATE PUBLICATION {quoted} FOR TABLE {string.Join(", ", resolved)}", ct).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
            {
                // Another feed created it first: add what it lacks, below.
            }
        }

        foreach (var table in resolved)
        {
            const string Member =
                "SELECT p.puballtables OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = p.oid AND r.prrelid = $2::regclass) " +
                "FROM pg_publication p WHERE p.pubname = $1";
            if (await ScalarAsync<bool>(c, Member, ct, publication, table).ConfigureAwait(false)) continue;
            try
            {
                await ExecuteAsync(c, $"ALTER PUBLICATION {quoted} ADD TABLE {table}", ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
            {
                // Added by another feed meanwhile.
            }
        }
    }

    /// <summary>The table's name as PostgreSQL prints a regclass (quoted and qualified where needed), or a clear error.</summary>
    private static async Task<string> ResolveAsync(NpgsqlConnection c, string table, CancellationToken ct)
    {
        try
        {
            return await ScalarAsync<string>(c, "SELECT $1::regclass::text", ct, table).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new ArgumentException(
                $"NpgsqlChangeFeed.StartAsync: NpgsqlChangeFeedOptions.Tables names '{table}', which the server cannot resolve: {e.MessageText}.", e);
        }
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection c, string sql, CancellationToken ct, params string[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a });
        return (T)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
