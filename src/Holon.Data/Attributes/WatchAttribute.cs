namespace Holon.Data;

/// <summary>
/// Marks a <c>partial</c> method returning <c>IAsyncEnumerable&lt;T&gt;</c> whose body the Holon.Gen source
/// generator writes: the enumeration yields the result of <see cref="Sql"/> at once, then a fresh result after
/// every committed write transaction that touched a table the query reads. <c>T</c> is
/// <c>IReadOnlyList&lt;Row&gt;</c> (the whole result), <c>Row?</c> (the first row) or a scalar.
/// No connection is held between emissions; equal consecutive results are not repeated.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WatchAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sql">Constant SQL text (one SELECT); parameters are named <c>@name</c>, <c>:name</c> or <c>$name</c> after the method's parameters.</param>
    public WatchAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text the generated method watches.</summary>
    public string Sql { get; }
}
