using Holon.Gen.Model;

namespace Holon.Gen.Emitting.Backend;

/// <summary>
/// The one seam between the emitter and a database backend: every piece of emitted code that names the backend's
/// pool, lease or statement type, or calls one of their methods, comes from here. The rest of the emitter decides
/// the shape (adapters, cores, row readers) and never spells a backend call. A second backend is a second subclass.
/// </summary>
/// <remarks>Arguments and results are C# source fragments; <c>s</c> is the expression of the statement in use.</remarks>
internal abstract class BackendEmitter
{
    /// <summary>The pool type a method's connection source has, fully qualified.</summary>
    public abstract string PoolType { get; }

    /// <summary>The lease type, fully qualified.</summary>
    public abstract string LeaseType { get; }

    /// <summary>The prepared statement type the bodies bind and read through, fully qualified.</summary>
    public abstract string StatementType { get; }

    /// <summary>Renting a lease: <paramref name="token"/> is null for the token-less synchronous overload.</summary>
    public abstract string Rent(string pool, bool writer, bool async, string? token);

    /// <summary>The statement of <paramref name="definition"/> on <paramref name="lease"/>, for one use by <paramref name="origin"/>.</summary>
    public abstract string Statement(string lease, string definition, string origin, string token);

    /// <summary>
    /// Starts the trace span of one generated call on <paramref name="source"/> (a pool or a lease) as an expression whose
    /// value has <c>Fail(Exception)</c>, <c>SetReturnedRows(int)</c> and <c>Dispose()</c>; null when the backend has none.
    /// </summary>
    public virtual string? StartSpan(string source, string definition, string origin) => null;

    /// <summary>
    /// Opens a savepoint on <paramref name="lease"/> (also outside a transaction) whose <c>Commit()</c> releases it and
    /// whose <c>Dispose()</c> rolls back to it unless committed.
    /// </summary>
    public abstract string BeginSavepoint(string lease);

    /// <summary>
    /// The method, without its argument list, that makes a stream renting the writer when its enumeration starts (on
    /// the enumerating flow, so nested writer rents fail fast); it takes a lambda over the lease and token, and a token.
    /// </summary>
    public abstract string StreamOnWriter(string pool, string elementType);

    /// <summary>Advances to the next row; true while there is one.</summary>
    public abstract string Step(string s);

    /// <summary>Rows changed by the statement that just ran.</summary>
    public abstract string RowsAffected(string s);

    /// <summary>How many columns the statement returns.</summary>
    public abstract string ColumnCount(string s);

    /// <summary>The column of result member <paramref name="slot"/>; required members throw when it is missing.</summary>
    public abstract string Ordinal(string s, int slot, bool required);

    /// <summary>Binds a non-null <paramref name="value"/> of type <paramref name="type"/> to <paramref name="slot"/>.</summary>
    public abstract string Bind(string s, ScalarType type, int slot, string value);

    /// <summary>Binds SQL NULL to <paramref name="slot"/>.</summary>
    public abstract string BindNull(string s, int slot);

    /// <summary>Reads column <paramref name="ordinal"/> as <paramref name="type"/>; NULL in a non-nullable type throws naming <paramref name="member"/>.</summary>
    public abstract string Read(string s, ScalarType type, string ordinal, string member);

    /// <summary>The statement's SQL text, for error messages.</summary>
    public abstract string Sql(string s);

    /// <summary>
    /// The method a watch calls, without its argument list: it takes the definition, the arguments, the bind and read
    /// helpers, a comparer and the token, and re-runs the statement when its tables change.
    /// </summary>
    public abstract string Watch(string pool, string argsType, string resultType);
}
