namespace Holon.Data;

/// <summary>
/// One SQL text declared once, typically as a <c>static readonly</c> field in generated code. Every physical
/// connection prepares it the first time it runs it and finds the prepared statement again by <see cref="Id"/>,
/// an array index, instead of hashing the SQL.
/// </summary>
/// <remarks>
/// Declare definitions once and keep them (a <c>static readonly</c> field): every connection that runs one keeps its
/// prepared statement for the connection's life, so a definition created per call would leave one prepared statement
/// per connection behind each time. For SQL that is not known in advance, use <c>ConnectionLease.Statement(string)</c>,
/// whose per-connection cache is bounded.
/// </remarks>
public sealed class StatementDefinition
{
    private static int s_nextId = -1;

    private readonly string[] _parameterNames;
    private readonly string[] _resultMembers;

    /// <summary>Declares a statement and assigns its <see cref="Id"/>.</summary>
    /// <param name="sql">The SQL text (one statement).</param>
    /// <param name="kind">Whether it is a query, a command or a watched query.</param>
    /// <param name="parameterNames">Each distinct parameter as written in the SQL, with its prefix (<c>@id</c>, <c>:name</c>, <c>$x</c>). Binding slot <c>i</c> is <c>parameterNames[i]</c>.</param>
    /// <param name="resultMembers">Target member names, in the order generated code asks for ordinals; matched to columns ignoring case and underscores.</param>
    /// <param name="origin">Where the statement is declared: <c>Namespace.Type.Method</c>, or a comma-separated list of them when several methods share the definition; quoted in errors that no single caller owns.</param>
    public StatementDefinition(string sql, StatementKind kind, string[] parameterNames, string[] resultMembers, string origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(parameterNames);
        ArgumentNullException.ThrowIfNull(resultMembers);
        ArgumentNullException.ThrowIfNull(origin);
        for (int i = 0; i < parameterNames.Length; i++)
        {
            if (string.IsNullOrEmpty(parameterNames[i]))
                throw new ArgumentException($"Parameter name {i} of '{origin}' is empty.", nameof(parameterNames));
        }

        Sql = sql;
        Kind = kind;
        _parameterNames = (string[])parameterNames.Clone();
        _resultMembers = (string[])resultMembers.Clone();
        Origin = origin;
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>
    /// Declares a statement with its result shape, which lets <see cref="SqlitePool.Verify"/> check requiredness,
    /// nullability and types as well as names.
    /// </summary>
    /// <param name="sql">The SQL text (one statement).</param>
    /// <param name="kind">Whether it is a query, a command or a watched query.</param>
    /// <param name="parameterNames">Each distinct parameter as written in the SQL, with its prefix.</param>
    /// <param name="resultMembers">Target member names, in the order generated code asks for ordinals.</param>
    /// <param name="origin">Where the statement is declared (<c>Namespace.Type.Method</c>).</param>
    /// <param name="resultShape">Every member that receives a column, in column order for positional results (scalars, tuples: empty names).</param>
    public StatementDefinition(string sql, StatementKind kind, string[] parameterNames, string[] resultMembers, string origin, ResultMemberInfo[] resultShape)
        : this(sql, kind, parameterNames, resultMembers, origin)
    {
        ArgumentNullException.ThrowIfNull(resultShape);
        for (int i = 0; i < resultShape.Length; i++)
        {
            if (resultShape[i] is null) throw new ArgumentException($"Result member {i} of '{origin}' is null.", nameof(resultShape));
        }
        ResultShape = (ResultMemberInfo[])resultShape.Clone();
    }

    /// <summary>Declares a statement with its result shape, for a database other than SQLite.</summary>
    /// <param name="sql">The SQL text (one statement), as the backend runs it (PostgreSQL: <c>$1, $2 …</c>).</param>
    /// <param name="kind">Whether it is a query, a command or a watched query.</param>
    /// <param name="parameterNames">Each distinct parameter as written in the declaration, with its prefix.</param>
    /// <param name="resultMembers">Target member names, in the order generated code asks for ordinals.</param>
    /// <param name="origin">Where the statement is declared (<c>Namespace.Type.Method</c>).</param>
    /// <param name="resultShape">Every member that receives a column, in column order for positional results.</param>
    /// <param name="backend">The database the SQL is written for; each backend's <c>Verify</c> checks only its own.</param>
    public StatementDefinition(string sql, StatementKind kind, string[] parameterNames, string[] resultMembers, string origin,
        ResultMemberInfo[] resultShape, StatementBackend backend)
        : this(sql, kind, parameterNames, resultMembers, origin, resultShape)
    {
        if (!Enum.IsDefined(backend)) throw new ArgumentOutOfRangeException(nameof(backend), backend, $"Unknown backend for '{origin}'.");
        Backend = backend;
    }

    /// <summary>The database the SQL is written for: <see cref="StatementBackend.Sqlite"/> unless the declaration said otherwise.</summary>
    public StatementBackend Backend { get; }

    /// <summary>The members that receive columns, when the declaration gave them; null otherwise.</summary>
    public IReadOnlyList<ResultMemberInfo>? ResultShape { get; }

    /// <summary>A small dense integer, unique in the process, assigned when the definition is created.</summary>
    public int Id { get; }

    /// <summary>The SQL text.</summary>
    public string Sql { get; }

    /// <summary>Query, command or watch.</summary>
    public StatementKind Kind { get; }

    /// <summary>The parameters as written in the SQL, with prefix; each distinct name once. Slot <c>i</c> binds <c>ParameterNames[i]</c>.</summary>
    public IReadOnlyList<string> ParameterNames => _parameterNames;

    /// <summary>Target member names, in the order generated code asks for ordinals.</summary>
    public IReadOnlyList<string> ResultMembers => _resultMembers;

    /// <summary>
    /// Where the statement is declared: <c>Namespace.Type.Method</c>, or for a definition several methods share, their
    /// comma-separated list. Errors during a use name the one calling method when it passes its own origin
    /// (<see cref="ConnectionLease.Statement(StatementDefinition, string, CancellationToken)"/>).
    /// </summary>
    public string Origin { get; }

    internal string[] ParameterNameArray => _parameterNames;

    internal string[] ResultMemberArray => _resultMembers;

    /// <inheritdoc/>
    public override string ToString() => $"{Origin}: {Sql}";
}
