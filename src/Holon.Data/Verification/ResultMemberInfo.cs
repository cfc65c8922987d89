namespace Holon.Data;

/// <summary>
/// One member that receives a result column, as <see cref="SqlitePool.Verify"/> checks it: its name, the kind of value
/// the runtime reads into it, whether it admits NULL, and whether it must receive a column.
/// </summary>
public sealed class ResultMemberInfo
{
    /// <summary>Describes one result member.</summary>
    /// <param name="name">The member name, matched to columns ignoring case and underscores; empty when the result is read by position (scalars, tuples).</param>
    /// <param name="typeName">The member's type as written, for messages (<c>int</c>, <c>System.Guid</c>).</param>
    /// <param name="kind">The value kind the runtime reads: <c>Boolean</c>, <c>Int32</c>, <c>Int64</c>, <c>Double</c>, <c>Decimal</c>, <c>String</c>, <c>Blob</c>, <c>Guid</c>, <c>DateTime</c>… (an enum gives its underlying integer kind); a PostgreSQL array member is its element kind followed by <c>[]</c> (<c>String[]</c>).</param>
    /// <param name="isNullable">The member accepts NULL.</param>
    /// <param name="isRequired">The member must be set: a constructor argument, a <c>required</c> or init-only member, a scalar.</param>
    public ResultMemberInfo(string name, string typeName, string kind, bool isNullable, bool isRequired)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        Name = name;
        TypeName = typeName;
        Kind = kind;
        IsNullable = isNullable;
        IsRequired = isRequired;
    }

    /// <summary>The member name; empty for a positional result.</summary>
    public string Name { get; }

    /// <summary>The member's type as written.</summary>
    public string TypeName { get; }

    /// <summary>The value kind the runtime reads into the member.</summary>
    public string Kind { get; }

    /// <summary>The member accepts NULL.</summary>
    public bool IsNullable { get; }

    /// <summary>The member must receive a column.</summary>
    public bool IsRequired { get; }
}
