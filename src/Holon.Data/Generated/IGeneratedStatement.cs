using System.ComponentModel;

namespace Holon.Data.Generated;

/// <summary>
/// What errors raised for generated code quote about the statement in use, on every backend: the calling method and
/// the SQL. Implemented by <see cref="PreparedStatement"/> and PostgreSQL's statement; for generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedStatement
{
    /// <summary>The calling method, as errors name it.</summary>
    string Origin { get; }

    /// <summary>The statement's SQL.</summary>
    string Sql { get; }

    /// <summary>"Column 'c' (member 'M') of Ns.Type.Method": column <paramref name="ordinal"/> of the current result, as
    /// the backend's other column errors name it.</summary>
    string DescribeColumn(int ordinal);
}
