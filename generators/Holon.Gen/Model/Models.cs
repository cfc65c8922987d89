namespace Holon.Gen.Model;

/// <summary>Which attribute declared the method; mirrors Holon.Data.StatementKind.</summary>
internal enum SqlKind { Query, Command, Watch }

/// <summary>How the result is handed back: directly, in a Task, in a ValueTask, or streamed.</summary>
internal enum ResultWrapper { None, Task, ValueTask, AsyncEnumerable }

/// <summary>What the method does with the rows.</summary>
internal enum ResultShape { Void, RowsAffected, FirstOrDefault, Single, List, ReadOnlyList, Array, Stream }

/// <summary>The storage-level kind of a value SQLite can bind or read; one reader and binder per kind.</summary>
internal enum ValueKind
{
    Boolean, Byte, SByte, Int16, UInt16, Int32, UInt32, Int64, UInt64, NInt, NUInt, Single, Double, Decimal,
    String, Char, Blob, Memory, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan,
}

/// <summary>A value type SQLite can store: its kind, the enum it is cast to (if any), and whether it admits null.</summary>
/// <param name="TypeName">Fully qualified name without the nullable marker (the enum name for enums).</param>
/// <param name="IsEnum">The value is an enum stored as its underlying integer.</param>
/// <param name="IsNullable">Nullable&lt;T&gt; or an annotated (or oblivious) reference type.</param>
/// <param name="IsReferenceType">string or byte[].</param>
/// <param name="IsOblivious">A reference type declared outside a nullable context: null is allowed but not annotated.</param>
internal sealed record ScalarType(ValueKind Kind, string TypeName, bool IsEnum, bool IsNullable, bool IsReferenceType, bool IsOblivious = false)
{
    /// <summary>The null to produce for a NULL column: typed for annotated members, suppressed for oblivious ones.</summary>
    public string NullValue => IsOblivious ? "null!" : "(" + TypeName + "?)null";
}

/// <summary>How a result member is filled.</summary>
internal enum MemberRole { ConstructorArgument, Initializer, OptionalSetter }

/// <summary>One member of a row type filled from a column.</summary>
/// <param name="Name">The member's name, as the runtime matches it to a column.</param>
/// <param name="Identifier">The name as C# source (keywords escaped with '@').</param>
internal sealed record ResultMember(string Name, string Identifier, ScalarType Type, MemberRole Role);

/// <summary>The kind of one result element.</summary>
internal enum ElementKind { Scalar, Tuple, Row }

/// <summary>What one row becomes.</summary>
/// <param name="TypeName">Fully qualified element type as written in the return type (with annotations).</param>
/// <param name="ConstructedTypeName">Fully qualified type to construct (no nullable marker).</param>
internal sealed record ElementModel(ElementKind Kind, string TypeName, string ConstructedTypeName, ScalarType? Scalar, EquatableArray<ResultMember> Members);

/// <summary>What the method parameter is for.</summary>
internal enum ParameterRole { Lease, CancellationToken, Value, Object }

/// <summary>One parameter of the partial method, as the implementation must repeat it.</summary>
internal sealed record ParameterModel(string Name, string TypeName, string Prefix, ParameterRole Role, bool HasEnumeratorCancellation, bool IsReferenceType);

/// <summary>One SQL parameter bound from an expression over the method parameters.</summary>
/// <param name="Expression">C# source of the value: a parameter (<c>id</c>) or a member of one (<c>block.Id</c>).</param>
/// <param name="ParameterName">The method parameter the expression starts from, unescaped, for ArgumentNullException.</param>
internal sealed record BindingModel(int Slot, string SqlName, string Expression, string ParameterName, ScalarType Type);

/// <summary>Everything needed to emit one method; only strings, bools, enums and equatable arrays.</summary>
/// <param name="Origin">This one method as <c>Namespace.Type.Method</c>; errors at run time quote it.</param>
internal sealed record MethodModel(
    string Name,
    string Modifiers,
    string ReturnTypeName,
    string InnerTypeName,
    string Origin,
    string Sql,
    SqlKind Kind,
    ResultWrapper Wrapper,
    ResultShape Shape,
    ElementModel? Element,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<string> SqlParameterNames,
    EquatableArray<BindingModel> Bindings,
    string? PoolExpression,
    string? LeaseParameter,
    string? TokenParameter,
    string SortKey,
    bool IsStub = false);

/// <summary>One type declaration enclosing the methods, outermost first.</summary>
internal sealed record ContainerModel(string Keyword, string Name);

/// <summary>How <c>HolonCatalog</c> reaches a type's <c>HolonStatements</c>.</summary>
internal enum CatalogRoute
{
    /// <summary>The type is accessible from its namespace: the catalog names it.</summary>
    Direct,

    /// <summary>A private or protected nested type: its outermost type forwards the list through an internal member.</summary>
    Forward,

    /// <summary>Not reachable (generic, file-local, or nested too privately); the catalog says why in a comment.</summary>
    Skipped,
}

/// <summary>The type holding the methods.</summary>
/// <param name="Identity">Namespace and metadata names with nested types joined by '+' (A.B`1+C): unique per type in one compilation.</param>
/// <param name="HintName">The file name this type would like; <see cref="Parsing.ClassGrouper"/> makes it unique.</param>
/// <param name="CatalogDetail">Direct: the type as C# (<c>global::A.B</c>); Forward: the path from the outermost type (<c>B.C</c>);
/// Skipped: the reason.</param>
internal sealed record TypeModel(string? Namespace, EquatableArray<ContainerModel> Containers, string FullName, string Identity, string HintName,
    bool IsPartial, bool HidesInheritedStatements, CatalogRoute CatalogRoute = CatalogRoute.Skipped, string CatalogDetail = "")
{
    /// <summary>The internal member of the outermost type that forwards a nested type's list (route Forward).</summary>
    public string ForwardMember => "HolonCatalogStatements_" + CatalogDetail.Replace('.', '_').Replace("@", "");
}

/// <summary>The parser's result for one attributed method: the model when it can be generated, and diagnostics.</summary>
internal sealed record MethodResult(TypeModel Type, MethodModel? Method, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One generated file: a type, its methods in source order, and its file name (unique among the generated files).</summary>
internal sealed record ClassModel(TypeModel Type, EquatableArray<MethodModel> Methods, string HintName);
