using Npgsql.PostgresTypes;

namespace Holon.Data.Npgsql;

/// <summary>
/// Whether generated code can read a column of a PostgreSQL type into a member of a value kind: the kind's storage type
/// (unsigned and native-sized integers read as the next wider signed type, enums as their underlying integer) through
/// Npgsql's <c>GetFieldValue&lt;T&gt;</c>. A type the table does not know (enums, composites, ranges, extension types)
/// fits anything: the check reports only what Npgsql surely refuses, never a guess.
/// </summary>
internal static class PgTypeFit
{
    private static readonly string[] Integers = ["int2", "int4", "int8", "numeric"];
    private static readonly string[] Numbers = ["int2", "int4", "int8", "numeric", "float4", "float8"];
    // Npgsql reads a date as its day number (int) and the timestamp and time types as their raw microseconds (long).
    private static readonly string[] Ints = [.. Integers, "date"];
    private static readonly string[] Longs = [.. Integers, "timestamp", "timestamptz", "time"];
    private static readonly string[] Text = ["text", "varchar", "bpchar", "name", "citext", "json", "jsonb", "xml", "char"];

    /// <summary>The built-in types the table knows; every other type fits every kind.</summary>
    private static readonly HashSet<string> Known =
    [
        "bool", "int2", "int4", "int8", "numeric", "float4", "float8", "money", "text", "varchar", "bpchar", "name", "json", "jsonb",
        "xml", "char", "bytea", "uuid", "timestamp", "timestamptz", "date", "time", "timetz", "interval", "inet", "cidr", "macaddr",
        "bit", "varbit", "oid", "xid", "tsvector", "point", "box", "line", "lseg", "path", "polygon", "circle", "jsonpath",
    ];

    private static readonly Dictionary<string, string[]> Accepts = new(StringComparer.Ordinal)
    {
        ["Boolean"] = ["bool"],
        // Byte and SByte read as short, UInt16 as int, UInt32, UInt64 and the native sizes as long.
        ["Byte"] = Integers, ["SByte"] = Integers, ["Int16"] = Integers, ["UInt16"] = Ints, ["Int32"] = Ints,
        ["UInt32"] = Longs, ["Int64"] = Longs, ["UInt64"] = Longs, ["NInt"] = Longs, ["NUInt"] = Longs,
        ["Single"] = Numbers, ["Double"] = Numbers, ["Decimal"] = [.. Integers, "money"],
        ["String"] = Text, ["Char"] = Text,
        // Npgsql hands over the text types' bytes as they are.
        ["Blob"] = ["bytea", .. Text], ["Memory"] = ["bytea", .. Text],
        ["Guid"] = ["uuid"],
        ["DateTime"] = ["timestamp", "timestamptz", "date"],
        ["DateTimeOffset"] = ["timestamptz"],
        ["DateOnly"] = ["date"],
        ["TimeOnly"] = ["time"],
        ["TimeSpan"] = ["interval", "time"],
    };

    /// <summary>Whether a member of <paramref name="kind"/> (an element kind and <c>[]</c> for an array member) can read <paramref name="column"/>.</summary>
    public static bool Fits(string kind, PostgresType column)
    {
        if (kind == "Unknown") return true;
        column = Base(column);
        bool memberIsArray = kind.EndsWith("[]", StringComparison.Ordinal);
        // An array is read only into an array member (a text[] into a string throws), and its elements must fit.
        if (column is PostgresArrayType array)
            // A byte[] member reads an array too, as an array of bytes: its elements must fit a byte.
            return memberIsArray ? Fits(kind[..^2], array.Element) : kind is "Blob" or "Memory" && Fits("Byte", array.Element);
        if (memberIsArray) return !IsKnown(column);
        if (!Accepts.TryGetValue(kind, out var accepted) || !IsKnown(column)) return true;
        return Array.IndexOf(accepted, column.InternalName) >= 0;
    }

    private static bool IsKnown(PostgresType type) => Base(type) is PostgresBaseType b && Known.Contains(b.InternalName);

    /// <summary>A domain reads as the type it constrains.</summary>
    private static PostgresType Base(PostgresType type)
    {
        while (type is PostgresDomainType domain) type = domain.BaseType;
        return type;
    }
}
