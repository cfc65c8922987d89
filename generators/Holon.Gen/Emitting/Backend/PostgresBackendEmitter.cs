using Holon.Gen.Model;

namespace Holon.Gen.Emitting.Backend;

/// <summary>
/// PostgreSQL through Npgsql and Holon.Data.Npgsql: an <c>NpgsqlDataSource</c> (Npgsql pools connections and keeps
/// prepared statements per physical connection), rented as an <c>NpgsqlLease</c> routed to a standby for [Query]
/// and the primary for [Command]; <c>NpgsqlStatement</c> binds positionally (<c>$1, $2 …</c>, rewritten at compile
/// time) with generic parameters and reads with typed getters. Statements cross the network, so async methods
/// await each step. [Watch] goes through the data source's <c>NpgsqlWatcher</c> (logical replication).
/// </summary>
internal sealed class PostgresBackendEmitter : BackendEmitter
{
    public static readonly PostgresBackendEmitter Instance = new();

    private const string Helpers = "global::Holon.Data.Npgsql.";

    public override string PoolType => "global::Npgsql.NpgsqlDataSource";

    public override string LeaseType => Helpers + "NpgsqlLease";

    public override string StatementType => Helpers + "NpgsqlStatement";

    public override bool AsyncIo => true;

    public override bool PositionalParameters => true;

    // Listed in HolonCatalog like SQLite's, marked PostgreSql so that NpgsqlDataSource.Verify checks them and SqlitePool.Verify skips them.
    public override string? DefinitionBackend => "PostgreSql";

    // Routing is the lease's: a standby for [Query] on a multi-host source, the primary for [Command] and ReadFromPrimary.
    public override string Rent(string pool, RentKind kind, bool async, string? token)
    {
        string open = kind switch
        {
            RentKind.Write => "ForCommand",
            RentKind.ReadFromPrimary => "ForPrimaryQuery",
            _ => "ForQuery",
        };
        return LeaseType + "." + open + (async ? "Async(" : "(") + pool + (token is null ? ")" : ", " + token + ")");
    }

    public override string LeaseOf(string connectionParameter) => "new " + LeaseType + "(" + connectionParameter + ")";

    public override string Statement(string lease, string definition, string origin, string token) =>
        lease + ".Statement(" + definition + ", " + origin + ", " + token + ")";

    public override string StartSpan(string source, string definition, string origin) =>
        Helpers + "NpgsqlStatementSpan.Start(" + source + ", " + definition + ", " + origin + ")";

    public override string StreamSpan(string source, string definition, string origin, string rows) =>
        Helpers + "NpgsqlStatementSpan.Stream(" + source + ", " + definition + ", " + origin + ", " + rows + ")";

    public override string BeginSavepoint(string lease, bool async, string token) => async
        ? "await " + Helpers + "NpgsqlSavepoint.BeginAsync(" + lease + ", " + token + ").ConfigureAwait(false)"
        : Helpers + "NpgsqlSavepoint.Begin(" + lease + ")";

    public override string CommitSavepoint(string savepoint, bool async, string token) => async
        ? "await " + savepoint + ".CommitAsync(" + token + ").ConfigureAwait(false)"
        : savepoint + ".Commit()";

    public override string Step(string s, bool async) => async ? "await " + s + ".StepAsync().ConfigureAwait(false)" : s + ".Step()";

    public override string RowsAffected(string s, bool async) => async ? "await " + s + ".ChangesAsync().ConfigureAwait(false)" : s + ".Changes";

    public override string ColumnCount(string s) => s + ".ColumnCount";

    public override string Ordinal(string s, int slot, bool required) => s + (required ? ".RequiredOrdinal(" : ".Ordinal(") + slot + ")";

    public override string Bind(string s, ScalarType t, int slot, string value) =>
        s + ".Bind(" + slot + ", " + PostgresStorage.Of(t).Store(value) + ")";

    // A name goes as an untyped literal, so the server types it: text for a text column or function, or the column's
    // enum type (CREATE TYPE … AS ENUM), which accepts no text parameter.
    public override string BindEnumName(string s, int slot, string name) => s + ".BindName(" + slot + ", " + name + ")";

    public override string BindNullEnumName(string s, int slot) => s + ".BindNullName(" + slot + ")";

    // A jsonb NULL, so the server types the parameter as it types a bound document.
    public override string BindNullJson(string s, int slot) => s + ".BindNullJson(" + slot + ")";

    public override string BindNull(string s, ScalarType t, int slot) =>
        s + (t.IsReferenceType ? ".BindNull<" : ".BindNullValue<") + PostgresStorage.Of(t).Type + ">(" + slot + ")";

    public override string Read(string s, ScalarType t, string o, string member)
    {
        var store = PostgresStorage.Of(t);
        string name = Code.Literal(member);
        if (t.IsCollection) return ReadArray(s, t, store.Type, o, name);
        if (store.IsMemory)
        {
            string wrap = "new global::System.ReadOnlyMemory<byte>(" + s + ".Get<byte[]>(" + o + ", " + name + "))";
            return t.IsNullable ? s + ".IsNull(" + o + ") ? " + t.NullValue + " : " + wrap : wrap;
        }
        if (!t.IsNullable) return store.Load(s + ".Get<" + store.Type + ">(" + o + ", " + name + ")", lifted: false);
        if (t.IsReferenceType) return s + ".GetOrNull<" + store.Type + ">(" + o + ", " + name + ")" + (t.IsOblivious ? "!" : "");
        // Lifted casts keep NULL as NULL and still check the range of a value.
        return store.Load(s + ".GetValueOrNull<" + store.Type + ">(" + o + ", " + name + ")", lifted: true);
    }

    /// <summary>
    /// An array column: NULL follows the member's nullability as for any value; in a collection of non-nullable strings a
    /// NULL element throws naming the column (value-type elements are checked by Npgsql, whose error is wrapped alike).
    /// </summary>
    private static string ReadArray(string s, ScalarType t, string storedAs, string o, string name)
    {
        string read = s + (t.IsNullable ? ".GetOrNull<" : ".Get<") + storedAs + ">(" + o + ", " + name + ")";
        if (t.ElementsNotNull) read = s + ".NoNullElements(" + read + ", " + o + ", " + name + ")";
        return t.IsOblivious ? read + "!" : read;
    }

    public override string Sql(string s) => s + ".Sql";

    // One watcher per data source: one replication connection whatever the number of watches.
    public override string Watch(string pool, string argsType, string resultType) =>
        Helpers + "NpgsqlWatcher.For(" + pool + ").Watch<" + argsType + ", " + resultType + ">";

    // One array parameter: = ANY / <> ALL keep the SQL text the same for every length.
    public override string InListSql(bool not, string parameter) => (not ? "<> ALL(" : "= ANY(") + parameter + ")";

    // The element types Npgsql sends as an array of the matching PostgreSQL type.
    public override bool InListHolds(ScalarType element) => !element.IsEnum && element.Kind is ValueKind.Boolean or ValueKind.Int16
        or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Single or ValueKind.Double or ValueKind.Decimal or ValueKind.String
        or ValueKind.Guid or ValueKind.DateTime or ValueKind.DateOnly or ValueKind.TimeOnly or ValueKind.TimeSpan;

    public override bool InListAsJson => false;

    // T[] and List<T> go as they are; other collections are copied to an array (the call crosses the network anyway).
    // The elements are store values: converted ones were turned into an array of them before this.
    public override string BindInListArray(string s, int slot, InListModel list, string value)
    {
        var e = list.Element;
        string nullable = e.IsNullable && !e.IsOblivious ? "?" : "";
        string array = list.Collection is InListCollection.Array or InListCollection.List
            ? value
            : "global::System.Linq.Enumerable.ToArray<" + e.TypeName + nullable + ">(" + value + ")";
        return s + ".Bind(" + slot + ", " + array + ")";
    }
}
