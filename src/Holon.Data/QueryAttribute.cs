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
}
