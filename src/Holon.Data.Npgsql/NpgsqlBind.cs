using Npgsql;
using NpgsqlTypes;
using System.Runtime.CompilerServices;

namespace Holon.Data.Npgsql;

/// <summary>
/// Binds positional parameters (<c>$1, $2 …</c>, in the order of the calls) with Npgsql's generic
/// <see cref="NpgsqlParameter{T}"/>, so values are never boxed. Arrays and <see cref="List{T}"/> of the supported
/// scalars bind as PostgreSQL arrays (for <c>= ANY($1)</c>); a null reference or an empty <see cref="Nullable{T}"/>
/// binds SQL NULL.
/// </summary>
public static class NpgsqlBind
{
    /// <summary>Adds the next positional parameter with the type Npgsql infers from <typeparamref name="T"/>.</summary>
    /// <remarks>
    /// <see cref="DateTimeOffset"/> values are converted to UTC first: <c>timestamptz</c> stores an instant, not an
    /// offset, and Npgsql accepts only offset zero. A <see cref="DateTime"/> binds as <c>timestamptz</c> when its
    /// <see cref="DateTime.Kind"/> is <see cref="DateTimeKind.Utc"/> and as <c>timestamp</c> otherwise (Npgsql's rule).
    /// </remarks>
    /// <param name="command">The command being built.</param>
    /// <param name="value">The value; null binds SQL NULL.</param>
    public static void Add<T>(NpgsqlCommand command, T value)
    {
        // typeof(T) tests are constants after JIT specialisation: the other types pay nothing for this.
        if (typeof(T) == typeof(DateTimeOffset))
        {
            var utc = Unsafe.As<T, DateTimeOffset>(ref value).ToUniversalTime();
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = utc });
            return;
        }
        if (typeof(T) == typeof(DateTimeOffset?))
        {
            var utc = Unsafe.As<T, DateTimeOffset?>(ref value)?.ToUniversalTime();
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = utc });
            return;
        }
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
    }

    /// <summary>Adds the next positional parameter as <c>jsonb</c> text (a plain string binds as <c>text</c>).</summary>
    /// <param name="command">The command being built.</param>
    /// <param name="json">JSON text; null binds SQL NULL.</param>
    public static void AddJsonb(NpgsqlCommand command, string? json) =>
        command.Parameters.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = json });
}
