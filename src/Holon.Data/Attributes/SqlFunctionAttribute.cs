namespace Holon.Data;

/// <summary>
/// Declares an SQL function the application registers on its connections (in
/// <see cref="SqlitePoolOptions.OnConnectionCreated"/>, or an extension it loads there), so that build-time schema
/// verification knows it: the verifier registers a stand-in with this name and argument count before it applies the
/// migrations and prepares the statements, instead of reporting HOLON200 "no such function". The stand-in is never
/// called for a result; only the real function runs at run time.
/// </summary>
/// <example><code>[assembly: SqlFunction("regexp", 2)]</code> makes <c>WHERE name REGEXP @pattern</c> verifiable.</example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class SqlFunctionAttribute : Attribute
{
    /// <summary>Declares the function <paramref name="name"/> taking <paramref name="arguments"/> arguments.</summary>
    /// <param name="name">The SQL name, as the statements call it (case-insensitive, as in SQLite).</param>
    /// <param name="arguments">The number of arguments, 0 to 127, or -1 for any number.</param>
    public SqlFunctionAttribute(string name, int arguments)
    {
        Name = name;
        Arguments = arguments;
    }

    /// <summary>The SQL name of the function.</summary>
    public string Name { get; }

    /// <summary>The number of arguments (0 to 127), or -1 for any number.</summary>
    public int Arguments { get; }

    /// <summary>
    /// The function returns the same result for the same arguments (SQLITE_DETERMINISTIC). SQLite allows only
    /// deterministic functions in indexes on expressions, generated columns and CHECK constraints, so a migration that
    /// uses the function there verifies only when this is true. Default true.
    /// </summary>
    public bool Deterministic { get; set; } = true;
}
