using System.ComponentModel;
using Holon.Data.Generated;

namespace Holon.Data;

// A user's conversion ([SqlConverter] converter, single-value wrapper) applied to a value the generated code has
// just read: one that throws fails naming the column, the member, the method, the stored value and the converter.
public sealed partial class PreparedStatement : IGeneratedStatement
{
    /// <summary>
    /// Converts <paramref name="stored"/>, the value generated code read from column <paramref name="ordinal"/>, with
    /// <paramref name="conversion"/>. For generated code.
    /// </summary>
    /// <exception cref="InvalidCastException">The conversion threw; the message names the column, the method, the stored
    /// value, the converter and the SQL, and the conversion's error is the inner exception.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TModel Load<TModel, TStore>(int ordinal, TStore stored, SqlConversion<TModel, TStore> conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        try
        {
            return conversion.Load(stored);
        }
        catch (Exception e)
        {
            throw GeneratedConversions.ReadFailed(Where(ordinal, null), stored, conversion.Converter, e, Sql);
        }
    }
}
