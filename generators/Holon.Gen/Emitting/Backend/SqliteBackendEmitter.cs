using Holon.Gen.Model;

namespace Holon.Gen.Emitting.Backend;

/// <summary>Holon.Data's SQLite runtime: <c>SqlitePool</c>, <c>ConnectionLease</c> and <c>PreparedStatement</c>. Lacks array columns (HOLON033).</summary>
internal sealed class SqliteBackendEmitter : BackendEmitter
{
    public static readonly SqliteBackendEmitter Instance = new();

    private const string Data = "global::Holon.Data.";

    public override string PoolType => Data + "SqlitePool";

    public override string LeaseType => Data + "ConnectionLease";

    public override string StatementType => Data + "PreparedStatement";

    // Reads rent through RentForRead: on a flow that holds the writer they run on it and see its uncommitted writes.
    public override string Rent(string pool, RentKind kind, bool async, string? token) =>
        pool + ".Rent" + (kind == RentKind.Write ? "Writer" : "ForRead") + (async ? "Async" : "") + "(" + token + ")";

    public override string Statement(string lease, string definition, string origin, string token) =>
        lease + ".Statement(" + definition + ", " + origin + ", " + token + ")";

    public override string StartSpan(string source, string definition, string origin) =>
        Data + "StatementSpan.Start(" + source + ", " + definition + ", " + origin + ")";

    public override string StreamSpan(string source, string definition, string origin, string rows) =>
        Data + "StatementSpan.Stream(" + source + ", " + definition + ", " + origin + ", " + rows + ")";

    public override string BeginSavepoint(string lease, bool async, string token) => Data + "LeaseTransaction.BeginSavepoint(" + lease + ")";

    public override string CommitSavepoint(string savepoint, bool async, string token) => savepoint + ".Commit()";

    // SQLite has no array type: an array member is HOLON033 at its declaration.
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor? LacksArrayColumns => Diagnostics.DiagnosticDescriptors.ArrayColumnNotSupported;

    public override bool StreamsCommandsOnWriter => true;

    public override string StreamOnWriter(string pool, string elementType) => pool + ".StreamOnWriter<" + elementType + ">";

    public override string Step(string s, bool async) => s + ".Step()";

    public override string RowsAffected(string s, bool async) => s + ".Changes";

    public override string ColumnCount(string s) => s + ".ColumnCount";

    public override string Ordinal(string s, int slot, bool required) => s + (required ? ".RequiredOrdinal(" : ".Ordinal(") + slot + ")";

    public override string BindNull(string s, ScalarType type, int slot) => s + ".BindNull(" + slot + ")";

    // JSON is TEXT: its NULL is any NULL.
    public override string BindNullJson(string s, int slot) => BindNull(s, EnumTextEmitter.NameType, slot);

    public override string Bind(string s, ScalarType t, int slot, string value)
    {
        string call = s + "." + BindMethod(t) + "(" + slot + ", ";
        if (t.IsEnum) return call + "unchecked((long)" + value + "))";
        return t.Kind switch
        {
            ValueKind.UInt64 or ValueKind.NUInt => call + "unchecked((long)" + value + "))",
            ValueKind.Memory => call + value + ".Span)",
            _ => call + value + ")",
        };
    }

    private static string BindMethod(ScalarType t) => t.IsEnum ? "BindInt64" : t.Kind switch
    {
        ValueKind.Boolean => "BindBoolean",
        ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 or ValueKind.UInt16 or ValueKind.Int32 or ValueKind.UInt32
            or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.NInt or ValueKind.NUInt => "BindInt64",
        ValueKind.Single or ValueKind.Double => "BindDouble",
        ValueKind.String => "BindText",
        ValueKind.Blob or ValueKind.Memory => "BindBlob",
        _ => "Bind" + t.Kind,
    };

    public override string Read(string s, ScalarType t, string o, string member)
    {
        if (t.Kind is ValueKind.String or ValueKind.Int64 or ValueKind.Int32 or ValueKind.Boolean or ValueKind.Double
            && (!t.IsEnum || t.Kind is ValueKind.Int64 or ValueKind.Int32))
        {
            // One call per column: the getter tells NULL and values that cannot convert, and its errors name the member.
            string memberName = Code.Literal(member);
            string call = t.IsNullable
                ? s + ".Get" + t.Kind + "OrNull(" + o + (t.Kind == ValueKind.String ? "" : ", " + memberName) + ")" + (t.IsOblivious ? "!" : "")
                : s + ".GetRequired" + t.Kind + "(" + o + ", " + memberName + ")";
            return t.IsEnum ? "(" + t.TypeName + (t.IsNullable ? "?)" : ")") + call : call;
        }

        return t.IsNullable
            ? s + ".IsNull(" + o + ") ? " + t.NullValue + " : " + ReadNonNull(s, t, o)
            : s + ".IsNull(" + o + ") ? throw " + s + ".NullColumn(" + o + ", " + Code.Literal(member) + ") : " + ReadNonNull(s, t, o);
    }

    private static string ReadNonNull(string s, ScalarType t, string o)
    {
        string get = t.Kind switch
        {
            ValueKind.Blob => s + ".GetBlob(" + o + ")",
            // native-sized integers are stored as 64-bit, like ulong (whose bits are kept as is)
            ValueKind.NInt => "checked((nint)" + s + ".GetInt64(" + o + "))",
            ValueKind.NUInt => "unchecked((nuint)" + s + ".GetUInt64(" + o + "))",
            ValueKind.Memory => "new global::System.ReadOnlyMemory<byte>(" + s + ".GetBlob(" + o + "))",
            _ => s + ".Get" + t.Kind + "(" + o + ")",
        };
        return t.IsEnum ? "(" + t.TypeName + ")" + get : get;
    }

    public override string Sql(string s) => s + ".Sql";

    public override string Watch(string pool, string argsType, string resultType) => pool + ".Watch<" + argsType + ", " + resultType + ">";

    // One TEXT value holds the whole list; json_each yields its elements, so the SQL text never depends on the length.
    public override string InListSql(bool not, string parameter) =>
        (not ? "NOT IN" : "IN") + " (SELECT value FROM json_each(" + parameter + "))";

    // BLOBs have no JSON form, and an enum's name would need its switch per element: refused (HOLON049).
    public override bool InListHolds(ScalarType element) =>
        element.Text is null && element.Kind is not (ValueKind.Blob or ValueKind.Memory or ValueKind.Char);

    public override bool InListAsJson => true;
}
