using System.ComponentModel;
using Holon.Data.Generated;

namespace Holon.Data.Npgsql;

// What generated code's conversion errors quote about this statement (see SqlConversion<TModel, TStore>).
public sealed partial class NpgsqlStatement : IGeneratedStatement
{
    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string DescribeColumn(int ordinal) => Where(ordinal, null);
}
