namespace Holon.Gen.Model;

/// <summary>Which attribute declared the method; mirrors Holon.Data.StatementKind.</summary>
internal enum SqlKind { Query, Command, Watch }

/// <summary>The database a method runs on, decided by its connection source (pool field or connection parameter).</summary>
internal enum DatabaseBackend { Sqlite, Postgres }

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
/// <param name="IsCollection">PostgreSQL only: an array or List&lt;T&gt; of <paramref name="Kind"/>, bound as a PostgreSQL array;
/// <paramref name="TypeName"/> is then the collection type (an IReadOnlyList&lt;T&gt; is read as a T[]).</param>
/// <param name="Text">For an enum stored as its name ([EnumAsText]): its names; null when stored as an integer.</param>
/// <param name="StoredAs">For a collection: the type Npgsql reads, when it is not <paramref name="TypeName"/> (T[] for IReadOnlyList&lt;T&gt;).</param>
/// <param name="ElementsNotNull">For a collection of a non-nullable reference type (string[]): a NULL element is an error when read.</param>
/// <param name="Conversion">A type of the user's bound and read through another: then every other property but the
/// nullability (<paramref name="IsNullable"/>, <paramref name="IsOblivious"/>, which are the use's) describes the STORE value,
/// and the conversion turns the model value into it and back.</param>
internal sealed record ScalarType(ValueKind Kind, string TypeName, bool IsEnum, bool IsNullable, bool IsReferenceType, bool IsOblivious = false,
    EnumText? Text = null, bool IsCollection = false, string? StoredAs = null, bool ElementsNotNull = false,
    ValueConversion? Conversion = null)
{
    /// <summary>The null to produce for a NULL column: typed for annotated members, suppressed for oblivious ones.</summary>
    public string NullValue => IsOblivious ? "null!" : "(" + ModelTypeName + "?)null";

    /// <summary>The type as the user's code declares it (no nullable marker): the model type of a conversion, else <see cref="TypeName"/>.</summary>
    public string ModelTypeName => Conversion?.ModelTypeName ?? TypeName;

    /// <summary>Whether the user's value (the model, for a conversion) is a reference type, so may be null.</summary>
    public bool IsModelReference => Conversion?.ModelIsReferenceType ?? IsReferenceType;
}

/// <summary>How a value of the user's type becomes a stored value: a converter's static methods, a wrapper's member and constructor.</summary>
internal enum ConversionKind { Converter, Wrapper, Json }

/// <summary>
/// Turns a model value into its store value and back, as C# expressions in which <c>{0}</c> stands for the value.
/// Neither side sees NULL: the emitter binds and reads NULL around them.
/// </summary>
/// <param name="ModelTypeName">The user's type, fully qualified, without the nullable marker.</param>
/// <param name="ToStore">Model to store, e.g. <c>global::C.ToStore({0})</c> or <c>{0}.Value</c>.</param>
/// <param name="FromStore">Store to model, e.g. <c>global::C.FromStore({0})</c> or <c>new global::BlockId({0})</c>.</param>
/// <param name="Source">What converts: the converter type (Converter), the wrapped member's name (Wrapper).</param>
internal sealed record ValueConversion(ConversionKind Kind, string ModelTypeName, bool ModelIsReferenceType, string ToStore, string FromStore,
    string Source)
{
    public string Store(string value) => ToStore.Replace("{0}", value);

    public string Load(string value) => FromStore.Replace("{0}", value);
}

/// <summary>An enum stored as TEXT: every member's name, and which names are written (the first of each value).</summary>
/// <param name="HelperStem">A C# identifier unique to the enum type, for the generated conversion helpers.</param>
internal sealed record EnumText(string HelperStem, EquatableArray<EnumName> Names);

/// <summary>One enum member: its name as stored, its C# identifier, and whether writing its value stores this name.</summary>
internal sealed record EnumName(string Name, string Identifier, bool Writes);

/// <summary>How a result member is filled.</summary>
internal enum MemberRole { ConstructorArgument, Initializer, OptionalSetter }

/// <summary>One member of a row type filled from a column.</summary>
/// <param name="Name">The member's name, as the runtime matches it to a column.</param>
/// <param name="Identifier">The name as C# source (keywords escaped with '@').</param>
/// <param name="Default">
/// For an optional constructor argument or init property, the C# value it gets when the result has no such column
/// (its declared default or constant initializer); null when the column is required. Settable properties are optional
/// without one: they are simply not set.
/// </param>
internal sealed record ResultMember(string Name, string Identifier, ScalarType Type, MemberRole Role, string? Default = null)
{
    /// <summary>
    /// The one rule for "the result must have a column for this member", read by the row readers of both backends, the
    /// generated <c>ResultMemberInfo</c> (so <c>SqlitePool.Verify</c>) and HOLON201: a constructor argument without a
    /// default, a <c>required</c> property, and an init property whose initializer is not a constant. Settable
    /// properties and members with a <see cref="Default"/> are optional.
    /// </summary>
    public bool IsRequired => Role != MemberRole.OptionalSetter && Default is null;
}

/// <summary>The kind of one result element: a named tuple (every element named) maps by name like a row, others by position.</summary>
internal enum ElementKind { Scalar, Tuple, NamedTuple, Row }

/// <summary>What one row becomes.</summary>
/// <param name="TypeName">Fully qualified element type as written in the return type (with annotations).</param>
/// <param name="ConstructedTypeName">Fully qualified type to construct (no nullable marker).</param>
internal sealed record ElementModel(ElementKind Kind, string TypeName, string ConstructedTypeName, ScalarType? Scalar, EquatableArray<ResultMember> Members);

/// <summary>What the method parameter is for.</summary>
internal enum ParameterRole { Lease, CancellationToken, Value, Object, Rows }

/// <summary>One parameter of the partial method, as the implementation must repeat it.</summary>
internal sealed record ParameterModel(string Name, string TypeName, string Prefix, ParameterRole Role, bool HasEnumeratorCancellation, bool IsReferenceType);

/// <summary>One SQL parameter bound from an expression over the method parameters.</summary>
/// <param name="Expression">C# source of the value: a parameter (<c>id</c>) or a member of one (<c>block.Id</c>).</param>
/// <param name="ParameterName">The method parameter the expression starts from, unescaped, for ArgumentNullException.</param>
/// <param name="InList">Set when the parameter is a list of scalars used as <c>IN @name</c>: bound as one value.</param>
internal sealed record BindingModel(int Slot, string SqlName, string Expression, string ParameterName, ScalarType Type, InListModel? InList = null);

/// <summary>The declared collection of an IN-list parameter: it decides how the elements are walked.</summary>
internal enum InListCollection { Array, List, ReadOnlyList, Enumerable }

/// <summary>An IN-list: each element is one <paramref name="Element"/>, the collection is walked as <paramref name="Collection"/>.</summary>
internal sealed record InListModel(ScalarType Element, InListCollection Collection);

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
    bool IsStub = false,
    EquatableArray<string> StubConstraints = default,
    DatabaseBackend Backend = DatabaseBackend.Sqlite,
    bool ReadFromPrimary = false,
    BulkSource? Bulk = null,
    string? DeclaredSql = null);

/// <summary>
/// A bulk [Command]'s rows: the parameter holding them, the row type each element is, and whether it is an
/// IAsyncEnumerable&lt;T&gt; (awaited element by element). Bindings read members of the element, named <see cref="Element"/>.
/// </summary>
internal sealed record BulkSource(string Parameter, string ElementType, bool IsReferenceType, bool IsAsync)
{
    /// <summary>The loop variable the bindings read members of.</summary>
    public const string Element = "__item";
}

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
