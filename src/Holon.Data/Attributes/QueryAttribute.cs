namespace Holon.Data;

/// <summary>
/// Marks a <c>partial</c> method whose body the Holon.Gen source generator writes: it runs <see cref="Sql"/>
/// on a pooled reader connection and maps the rows to the method's return type.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class QueryAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sql">Constant SQL text; parameters are named <c>@name</c>, <c>:name</c> or <c>$name</c> after the method's parameters.</param>
    public QueryAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text the generated method runs.</summary>
    public string Sql { get; }

    /// <summary>
    /// PostgreSQL only: run this query on the primary even when the class's source is an
    /// <c>NpgsqlMultiHostDataSource</c> whose queries otherwise go to a hot standby. Use it for read-your-writes:
    /// a standby replays the primary's changes a little later (replica lag, usually milliseconds, longer under
    /// load or after a network stall), so a row a <c>[Command]</c> just wrote may not be on the standby yet.
    /// Leave it false for reads that tolerate slightly old data, so they keep load off the primary.
    /// A plain <c>NpgsqlDataSource</c> has one host, and SQLite has no replicas: there it changes nothing.
    /// </summary>
    public bool ReadFromPrimary { get; set; }
}
