using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>
/// The one place a value is bound or read: a conversion turns the model value into its store value (or back) around
/// the backend's own <c>Bind</c>/<c>Read</c> of the store type, a JSON value ([SqlJson]) through the backend's JSON
/// calls and its type information (<see cref="JsonEmitter"/>), an enum stored as text goes through its name, and
/// anything else goes straight to the backend. Every bind and read call site goes through here.
/// </summary>
internal static class ValueEmitter
{
    /// <summary>
    /// Binds a non-null <paramref name="value"/> (a model value) to <paramref name="slot"/>. <paramref name="expression"/>
    /// and <paramref name="sqlName"/> name it in errors (an enum value without a name).
    /// </summary>
    public static string Bind(Backend.BackendEmitter backend, string s, ScalarType t, int slot, string value, string expression,
        string sqlName, string origin)
    {
        if (t.Conversion is { Kind: ConversionKind.Json } json) return backend.BindJson(s, slot, value, JsonEmitter.Field(json));
        if (t.Conversion is { } conversion)
        {
            t = Store(t, nullable: false);
            value = ConversionEmitter.Store(conversion, t, s, value, expression, sqlName);
        }
        if (t.Text is null) return backend.Bind(s, t, slot, value);
        return backend.BindEnumName(s, slot, EnumTextEmitter.ToText(t, value, expression, sqlName, origin));
    }

    /// <summary>Binds SQL NULL, as a value of <paramref name="t"/> (its store type) would be bound.</summary>
    public static string BindNull(Backend.BackendEmitter backend, string s, ScalarType t, int slot)
    {
        if (t.Conversion is { Kind: ConversionKind.Json }) return backend.BindNullJson(s, slot);
        if (t.Conversion is not null) t = Store(t, nullable: true);
        return t.Text is null ? backend.BindNull(s, t, slot) : backend.BindNullEnumName(s, slot);
    }

    /// <summary>
    /// Reads column <paramref name="o"/> as <paramref name="t"/>; NULL in a non-nullable type throws naming
    /// <paramref name="member"/>. A converted value reads its store value and converts it; NULL is the model's null
    /// and never reaches the conversion.
    /// </summary>
    public static string Read(Backend.BackendEmitter backend, string s, ScalarType t, string o, string member)
    {
        if (t.Conversion is { Kind: ConversionKind.Json } json) return backend.ReadJson(s, t, o, member, JsonEmitter.Field(json));
        if (t.Conversion is not { } conversion) return EnumTextEmitter.Read(backend, s, t, o, member);
        string load = ConversionEmitter.Load(conversion, s, o, EnumTextEmitter.Read(backend, s, Store(t, nullable: false), o, member));
        return t.IsNullable ? s + ".IsNull(" + o + ") ? " + t.NullValue + " : " + load : load;
    }

    /// <summary>The store value of a conversion, as the backend binds and reads it.</summary>
    public static ScalarType Store(ScalarType t, bool nullable) => t with { Conversion = null, IsNullable = nullable, IsOblivious = false };
}
