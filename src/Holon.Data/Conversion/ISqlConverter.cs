namespace Holon.Data;

/// <summary>
/// Converts a type of yours (<typeparamref name="TModel"/>) to and from a value the library binds and reads
/// (<typeparamref name="TStore"/>: a number, string, byte[], Guid, date or time type, or an enum). Name the converter in
/// <see cref="SqlConverterAttribute"/>; generated code calls its static methods directly (no reflection, no boxing).
/// </summary>
/// <typeparam name="TModel">Your type, as methods, members and results declare it.</typeparam>
/// <typeparam name="TStore">The value stored in the column or bound to the parameter.</typeparam>
/// <remarks>
/// NULL never reaches a converter: a nullable use (<c>TModel?</c>) binds and reads NULL itself, and a non-nullable one
/// throws on NULL as any non-nullable value does.
/// </remarks>
public interface ISqlConverter<TModel, TStore>
{
    /// <summary>The stored form of <paramref name="value"/>.</summary>
    static abstract TStore ToStore(TModel value);

    /// <summary>The value of yours that <paramref name="value"/> stores.</summary>
    static abstract TModel FromStore(TStore value);
}
