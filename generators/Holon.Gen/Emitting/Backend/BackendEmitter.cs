using Holon.Gen.Model;

namespace Holon.Gen.Emitting.Backend;

/// <summary>Which connection a method rents: a reader (or the writer the flow holds), the primary for reads, the writer.</summary>
internal enum RentKind { Read, ReadFromPrimary, Write }

/// <summary>
/// The description of one database backend, and the one seam between the emitter and it: its connection source
/// types, how it rents, its statement primitives, its parameter binding and its capabilities. Every piece of
/// emitted code that names the backend's pool, lease or statement type, or calls one of their methods, comes from
/// here. The rest of the emitter decides the shape (adapters, cores, row readers, bindings) once for every backend
/// and never spells a backend call. A new backend is a new subclass (and a runtime package with the same calls).
/// </summary>
/// <remarks>Arguments and results are C# source fragments; <c>s</c> is the expression of the statement in use.</remarks>
internal abstract class BackendEmitter
{
    /// <summary>The description of <paramref name="backend"/>.</summary>
    public static BackendEmitter For(DatabaseBackend backend) => backend switch
    {
        DatabaseBackend.Postgres => PostgresBackendEmitter.Instance,
        _ => SqliteBackendEmitter.Instance,
    };

    /// <summary>The pool type a method's connection source has, fully qualified.</summary>
    public abstract string PoolType { get; }

    /// <summary>The lease type the cores run on, fully qualified.</summary>
    public abstract string LeaseType { get; }

    /// <summary>The prepared statement type the bodies bind and read through, fully qualified.</summary>
    public abstract string StatementType { get; }

    // ---- capabilities ----

    /// <summary>
    /// Statements do network I/O: Task, ValueTask and stream methods get cores that await each step. False: cores are
    /// synchronous (the database is in the process) and only the rent is awaited.
    /// </summary>
    public virtual bool AsyncIo => false;

    /// <summary>The type lists its definitions as <c>HolonStatements</c> (and so in <c>HolonCatalog</c>) for schema verification.</summary>
    public virtual bool ListsStatements => true;

    /// <summary>The <c>StatementBackend</c> member generated definitions pass; null for SQLite, the constructor's default.</summary>
    public virtual string? DefinitionBackend => null;

    /// <summary>
    /// Command streams over a pool rent the writer when their enumeration starts, on the enumerating flow, so nested
    /// writer rents fail fast (<see cref="StreamOnWriter"/>). False: the stream's core rents the connection itself.
    /// </summary>
    public virtual bool StreamsCommandsOnWriter => false;

    /// <summary>
    /// With <see cref="StreamsCommandsOnWriter"/>: the method, without its argument list, that makes such a stream; it
    /// takes a lambda over the lease and token, and a token.
    /// </summary>
    public virtual string StreamOnWriter(string pool, string elementType) =>
        throw new System.NotSupportedException(GetType().Name + " rents command streams in their core.");

    /// <summary>
    /// The database takes positional parameters only (<c>$1, $2 …</c>): named ones in the declared SQL are rewritten at
    /// compile time, and slot <c>i</c> is <c>$i+1</c>. False: the SQL keeps its names and the runtime maps them.
    /// </summary>
    public virtual bool PositionalParameters => false;

    /// <summary>
    /// A kind of declaration this backend cannot run: the error reported at the declaration (which then gets a
    /// throwing stub). Null when the backend runs it.
    /// </summary>
    public virtual Microsoft.CodeAnalysis.DiagnosticDescriptor? Lacks(SqlKind kind) => null;

    /// <summary>
    /// The error for a result member, tuple element or scalar of an array type (T[], List&lt;T&gt;, IReadOnlyList&lt;T&gt; of
    /// a scalar) read from one column, when the database has no array columns; null when it reads them.
    /// </summary>
    public virtual Microsoft.CodeAnalysis.DiagnosticDescriptor? LacksArrayColumns => null;

    // ---- connections ----

    /// <summary>Renting a lease: <paramref name="token"/> is null for the token-less synchronous overload.</summary>
    public abstract string Rent(string pool, RentKind kind, bool async, string? token);

    /// <summary>The lease over a connection parameter of the user's method.</summary>
    public virtual string LeaseOf(string connectionParameter) => connectionParameter;

    /// <summary>The statement of <paramref name="definition"/> on <paramref name="lease"/>, for one use by <paramref name="origin"/>.</summary>
    public abstract string Statement(string lease, string definition, string origin, string token);

    /// <summary>The keyword that disposes a lease, statement or savepoint at the end of its scope.</summary>
    public virtual string Using(bool async) => async && AsyncIo ? "await using " : "using ";

    /// <summary>
    /// Starts the trace span of one generated call on <paramref name="source"/> (a pool or a lease) as an expression whose
    /// value has <c>Fail(Exception)</c>, <c>SetReturnedRows(int)</c> and <c>Dispose()</c>; null when the backend has none.
    /// </summary>
    public virtual string? StartSpan(string source, string definition, string origin) => null;

    /// <summary>
    /// The traced form of a stream whose untraced rows are <paramref name="rows"/>, over <paramref name="source"/>;
    /// asked only of a backend whose <see cref="StartSpan"/> is not null.
    /// </summary>
    public virtual string StreamSpan(string source, string definition, string origin, string rows) =>
        throw new System.NotSupportedException("This backend has no spans.");

    /// <summary>
    /// Opens a savepoint on <paramref name="lease"/> (also outside a transaction) whose commit releases it and
    /// whose disposal rolls back to it unless committed.
    /// </summary>
    public abstract string BeginSavepoint(string lease, bool async, string token);

    /// <summary>Keeps what the statement did in the savepoint <paramref name="savepoint"/>.</summary>
    public abstract string CommitSavepoint(string savepoint, bool async, string token);

    // ---- statement primitives ----

    /// <summary>Advances to the next row; true while there is one.</summary>
    public abstract string Step(string s, bool async);

    /// <summary>Rows changed by the statement that just ran.</summary>
    public abstract string RowsAffected(string s, bool async);

    /// <summary>How many columns the statement returns.</summary>
    public abstract string ColumnCount(string s);

    /// <summary>The column of result member <paramref name="slot"/>; required members throw when it is missing.</summary>
    public abstract string Ordinal(string s, int slot, bool required);

    /// <summary>Binds a non-null <paramref name="value"/> of type <paramref name="type"/> to <paramref name="slot"/>.</summary>
    public abstract string Bind(string s, ScalarType type, int slot, string value);

    /// <summary>Binds the name of an enum stored as text ([EnumAsText]); <paramref name="name"/> is a string expression.</summary>
    public virtual string BindEnumName(string s, int slot, string name) => Bind(s, EnumTextEmitter.NameType, slot, name);

    /// <summary>Binds SQL NULL for an enum stored as text.</summary>
    public virtual string BindNullEnumName(string s, int slot) => BindNull(s, EnumTextEmitter.NameType, slot);

    /// <summary>Binds a non-null value stored as JSON ([SqlJson]) through the type information in <paramref name="typeInfo"/>.</summary>
    public virtual string BindJson(string s, int slot, string value, string typeInfo) =>
        s + ".BindJson(" + slot + ", " + value + ", " + typeInfo + ")";

    /// <summary>Binds SQL NULL in place of a value stored as JSON.</summary>
    public abstract string BindNullJson(string s, int slot);

    /// <summary>
    /// Reads a value stored as JSON ([SqlJson]); <paramref name="type"/> carries the use's nullability and the model
    /// type. NULL (or the document <c>null</c>) in a non-nullable member throws naming <paramref name="member"/>.
    /// </summary>
    public virtual string ReadJson(string s, ScalarType type, string ordinal, string member, string typeInfo)
    {
        string args = "(" + ordinal + ", " + Code.Literal(member) + ", " + typeInfo + ")";
        if (!type.IsNullable) return s + ".GetJson" + args;
        return type.IsModelReference ? s + ".GetJsonOrNull" + args + (type.IsOblivious ? "!" : "") : s + ".GetJsonValueOrNull" + args;
    }

    /// <summary>Binds SQL NULL, as a value of <paramref name="type"/> would be bound, to <paramref name="slot"/>.</summary>
    public abstract string BindNull(string s, ScalarType type, int slot);

    /// <summary>
    /// Reads column <paramref name="ordinal"/> as <paramref name="type"/>; NULL in a non-nullable type throws naming
    /// <paramref name="member"/>. Enums stored as text never come here (<see cref="EnumTextEmitter.Read"/>).
    /// </summary>
    public abstract string Read(string s, ScalarType type, string ordinal, string member);

    /// <summary>The statement's SQL text, for error messages.</summary>
    public abstract string Sql(string s);

    /// <summary>
    /// The method a watch calls, without its argument list: it takes the definition, the arguments, the bind and read
    /// helpers, a comparer and the token, and re-runs the statement when its tables change.
    /// </summary>
    public abstract string Watch(string pool, string argsType, string resultType);

    // ---- IN-lists ----

    /// <summary>What <c>IN @name</c> (or <c>NOT IN @name</c> with <paramref name="not"/>) becomes in the SQL that runs.</summary>
    public abstract string InListSql(bool not, string parameter);

    /// <summary>Whether an IN-list can hold elements of <paramref name="element"/>; false is HOLON049.</summary>
    public abstract bool InListHolds(ScalarType element);

    /// <summary>
    /// True: the elements are written one by one as one JSON text (<see cref="InListEmitter.AppendElement"/>). False: the
    /// list binds as one array value (<see cref="BindInListArray"/>).
    /// </summary>
    public abstract bool InListAsJson { get; }

    /// <summary>
    /// Binds the whole list <paramref name="list"/> as one array value to <paramref name="slot"/>. Its elements are store
    /// values (a converted list arrives as an array of them), so no conversion happens here.
    /// </summary>
    public virtual string BindInListArray(string s, int slot, InListModel list, string value) =>
        throw new System.NotSupportedException(GetType().Name + " writes IN-lists as JSON.");
}
