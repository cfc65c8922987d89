namespace Holon.Data;

/// <summary>
/// Marks a <c>partial</c> method whose body the Holon.Gen source generator writes: it runs <see cref="Sql"/>
/// (an INSERT, UPDATE, DELETE or DDL statement) on the pool's single writer connection.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CommandAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sql">Constant SQL text; parameters are named <c>@name</c>, <c>:name</c> or <c>$name</c> after the method's parameters.</param>
    public CommandAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text the generated method runs.</summary>
    public string Sql { get; }
}
