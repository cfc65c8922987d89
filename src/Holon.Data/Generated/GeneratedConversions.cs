using System.ComponentModel;
using System.Globalization;

namespace Holon.Data.Generated;

/// <summary>
/// One user's conversion ([SqlConverter] converter, single-value wrapper) as generated code runs it: one static field
/// per conversion, holding both directions as static lambdas, so a conversion that succeeds allocates nothing. One
/// that throws, or that turns a value into null, fails naming the method, the SQL, the parameter or column, the
/// converter and the value; never a bare exception or a silent SQL NULL.
/// </summary>
/// <typeparam name="TModel">The user's type.</typeparam>
/// <typeparam name="TStore">The value the library binds and reads.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SqlConversion<TModel, TStore>
{
    private readonly Func<TModel, TStore> _toStore;
    private readonly Func<TStore, TModel> _fromStore;

    /// <summary>A conversion through <paramref name="toStore"/> and <paramref name="fromStore"/>, named <paramref name="converter"/> in errors.</summary>
    public SqlConversion(Func<TModel, TStore> toStore, Func<TStore, TModel> fromStore, string converter)
    {
        ArgumentNullException.ThrowIfNull(toStore);
        ArgumentNullException.ThrowIfNull(fromStore);
        ArgumentNullException.ThrowIfNull(converter);
        _toStore = toStore;
        _fromStore = fromStore;
        Converter = converter;
    }

    /// <summary>The converter as errors name it: its type, or the wrapper's constructor or factory.</summary>
    public string Converter { get; }

    /// <summary>
    /// The store value of <paramref name="value"/> (never null: NULL is bound around the conversion), for binding
    /// <paramref name="sqlName"/>.
    /// </summary>
    /// <param name="value">The model value.</param>
    /// <param name="expression">The C# expression bound (<c>block.Price</c>), for the error.</param>
    /// <param name="sqlName">The SQL parameter (<c>@Price</c>), for the error.</param>
    /// <param name="statement">The statement in use: its method and SQL, for the error.</param>
    /// <exception cref="ArgumentException">The conversion threw (its error is the inner exception), or gave null (a
    /// wrapper holding null): the message names the method, the expression, the parameter, the converter, the value
    /// and the SQL.</exception>
    public TStore Store(TModel value, string expression, string sqlName, IGeneratedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        TStore stored;
        try
        {
            stored = _toStore(value);
        }
        catch (Exception e)
        {
            throw GeneratedConversions.BindFailed(value, Converter, expression, sqlName, statement.Origin, statement.Sql, e);
        }
        // A wrapper of null (new Email(null!)) or a converter giving null would bind NULL for a value that is there.
        // Checked for reference types only: a value type is never null, and without JIT optimizations (a Debug build)
        // the test would box it.
        if (!typeof(TStore).IsValueType && stored is null) throw GeneratedConversions.NullStore(value, typeof(TModel), Converter, expression, sqlName,
            statement.Origin, statement.Sql);
        return stored;
    }

    /// <summary>
    /// The model value of <paramref name="stored"/>, the value generated code read from column <paramref name="ordinal"/>
    /// of <paramref name="statement"/>.
    /// </summary>
    /// <exception cref="InvalidCastException">The conversion threw; the message names the column, the method, the stored
    /// value, the converter and the SQL, and the conversion's error is the inner exception.</exception>
    public TModel Load(TStore stored, IGeneratedStatement statement, int ordinal)
    {
        try
        {
            return _fromStore(stored);
        }
        catch (Exception e)
        {
            ArgumentNullException.ThrowIfNull(statement);
            throw GeneratedConversions.ReadFailed(statement.DescribeColumn(ordinal), stored, Converter, e, statement.Sql);
        }
    }
}

/// <summary>The errors of a user's conversion, worded once for every backend.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedConversions
{
    /// <summary>
    /// The error for a conversion that threw while reading a column: names the column (<paramref name="where"/>, as the
    /// backend words it), the stored value, the converter and the SQL; the conversion's error is the inner exception.
    /// </summary>
    public static InvalidCastException ReadFailed<TStore>(string where, TStore stored, string converter, Exception error, string sql)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new($"{where} holds {Show(stored)}, which {converter} could not convert: {error.GetType().Name}: {error.Message} SQL: {sql}",
            error);
    }

    internal static ArgumentException BindFailed<TModel>(TModel value, string converter, string expression, string sqlName, string origin,
        string sql, Exception error)
        => new($"{origin}: {converter} could not convert '{expression}' ({Show(value)}) to bind {sqlName}: " +
               $"{error.GetType().Name}: {error.Message} SQL: {sql}", Root(expression), error);

    internal static ArgumentException NullStore<TModel>(TModel value, Type model, string converter, string expression, string sqlName,
        string origin, string sql)
        => new($"{origin}: '{expression}' ({Show(value)}) is a {model.Name} that {converter} turns into null, so it would bind " +
               $"{sqlName} as NULL; NULL is bound for a null {model.Name} (declare it nullable), never for one holding null. SQL: {sql}",
            Root(expression));

    /// <summary>The method parameter an expression starts from (<c>block</c> for <c>block.Price</c>, <c>ids</c> for <c>ids[…]</c>).</summary>
    private static string Root(string expression)
    {
        int end = expression.AsSpan().IndexOfAny('.', '[');
        return end < 0 ? expression : expression[..end];
    }

    /// <summary>A value for an error message: text quoted and shortened as other conversion errors show it, bytes by length.</summary>
    internal static string Show<T>(T value) => value switch
    {
        null => "null",
        string text => "'" + JsonColumns.Shorten(text) + "'",
        byte[] bytes => "BLOB (" + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes)",
        IFormattable formattable => JsonColumns.Shorten(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonColumns.Shorten(value.ToString() ?? ""),
    };
}
