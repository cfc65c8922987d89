using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// Verify's type rule (PgTypeFit) against what Npgsql really reads: for each member kind's storage type and each
/// built-in column type, a HOLON204 finding exactly when GetFieldValue&lt;T&gt; throws InvalidCastException.
/// </summary>
public sealed class TypeFitTests(PgFixture pg)
{
    static readonly (string Kind, Type Storage)[] Kinds =
    [
        ("Boolean", typeof(bool)), ("Byte", typeof(short)), ("Int16", typeof(short)), ("UInt16", typeof(int)), ("Int32", typeof(int)),
        ("UInt32", typeof(long)), ("Int64", typeof(long)), ("Single", typeof(float)), ("Double", typeof(double)),
        ("Decimal", typeof(decimal)), ("String", typeof(string)), ("Char", typeof(char)), ("Blob", typeof(byte[])), ("Guid", typeof(Guid)),
        ("DateTime", typeof(DateTime)), ("DateTimeOffset", typeof(DateTimeOffset)), ("DateOnly", typeof(DateOnly)),
        ("TimeOnly", typeof(TimeOnly)), ("TimeSpan", typeof(TimeSpan)), ("String[]", typeof(string[])), ("Int64[]", typeof(long[])),
    ];

    static readonly string[] Columns =
    [
        "true::bool", "1::int2", "1::int4", "1::int8", "1::numeric", "1::float4", "1::float8", "'x'::text", "'x'::varchar",
        "'x'::bpchar", "'x'::name", "'{}'::jsonb", "'\\x01'::bytea", "gen_random_uuid()", "now()::timestamptz",
        "'2020-01-01'::timestamp", "'2020-01-01'::date", "'12:00'::time", "'1 day'::interval", "'{x}'::text[]", "'{1}'::int8[]",
    ];

    static readonly System.Reflection.MethodInfo Read = typeof(NpgsqlDataReader).GetMethods()
        .Single(m => m.Name == nameof(NpgsqlDataReader.GetFieldValue) && m.GetParameters().Length == 1);

    [Fact]
    public async Task A_type_finding_comes_exactly_when_Npgsql_cannot_read_the_column_into_the_storage_type()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var c = await pg.Primary.OpenConnectionAsync(ct);
        var disagreements = new List<string>();
        foreach (var column in Columns)
        {
            await using var cmd = new NpgsqlCommand("SELECT " + column, c);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            var type = reader.GetPostgresType(0);
            foreach (var (kind, storage) in Kinds)
            {
                bool reads;
                try
                {
                    Read.MakeGenericMethod(storage).Invoke(reader, [0]);
                    reads = true;
                }
                catch (System.Reflection.TargetInvocationException e) when (e.InnerException is InvalidCastException)
                {
                    reads = false;
                }
                if (reads != PgTypeFit.Fits(kind, type))
                    disagreements.Add($"{column} into {kind}: Npgsql {(reads ? "reads" : "refuses")}, Verify {(reads ? "reports" : "accepts")}");
            }
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }
}
