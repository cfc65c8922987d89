using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting.Backend;

/// <summary>One explicit conversion in C#: a cast to <see cref="Type"/>, checked (range-tested), unchecked (bits kept) or plain.</summary>
internal sealed record Cast(string Type, bool? Checked)
{
    /// <summary>The cast of <paramref name="value"/>; <paramref name="lifted"/> casts to the nullable type, which keeps NULL as NULL.</summary>
    public string Apply(string value, bool lifted)
    {
        string cast = "(" + Type + (lifted ? "?" : "") + ")" + value;
        return Checked switch { true => "checked(" + cast + ")", false => "unchecked(" + cast + ")", _ => cast };
    }
}

/// <summary>
/// The .NET type Npgsql reads and writes for a value, and the casts around it. PostgreSQL has no unsigned or
/// native-sized integers (they travel as the next wider signed type, ulong and nuint bit for bit, as on SQLite), and
/// enums travel as their underlying integer. The casts stay structured until the emitter writes them.
/// </summary>
/// <param name="Type">The type Npgsql binds and reads.</param>
/// <param name="ToStore">Applied in order to a value before it is bound.</param>
/// <param name="FromStore">Applied in order to a value read, before it reaches the member.</param>
/// <param name="IsMemory">A ReadOnlyMemory&lt;byte&gt;, which travels as byte[] and is wrapped when read.</param>
internal sealed record PostgresStorage(string Type, IReadOnlyList<Cast> ToStore, IReadOnlyList<Cast> FromStore, bool IsMemory = false)
{
    private static readonly Cast[] None = new Cast[0];

    public string Store(string value) => ToStore.Aggregate(value, (v, c) => c.Apply(v, lifted: false));

    public string Load(string value, bool lifted) => FromStore.Aggregate(value, (v, c) => c.Apply(v, lifted));

    public static PostgresStorage Of(ScalarType t)
    {
        if (t.IsCollection) return new PostgresStorage(t.StoredAs ?? t.TypeName, None, None);
        var s = OfKind(t.Kind);
        if (!t.IsEnum) return s;
        // An enum travels as its underlying integer, then as that integer's storage type.
        var underlying = new Cast(Keyword(t.Kind), Checked: null);
        return new PostgresStorage(s.Type, new[] { underlying }.Concat(s.ToStore).ToArray(),
            s.FromStore.Concat(new[] { new Cast(t.TypeName, Checked: null) }).ToArray());
    }

    private static PostgresStorage OfKind(ValueKind kind) => kind switch
    {
        ValueKind.Byte => Wider("short", "byte"),
        ValueKind.SByte => Wider("short", "sbyte"),
        ValueKind.UInt16 => Wider("int", "ushort"),
        ValueKind.UInt32 => Wider("long", "uint"),
        ValueKind.NInt => Wider("long", "nint"),
        ValueKind.UInt64 => BitForBit("ulong"),
        ValueKind.NUInt => BitForBit("nuint"),
        ValueKind.Memory => new PostgresStorage("byte[]", None, None, IsMemory: true),
        _ => new PostgresStorage(Keyword(kind), None, None),
    };

    /// <summary>Stored in a wider signed type; read back with a range check.</summary>
    private static PostgresStorage Wider(string store, string type) =>
        new(store, new[] { new Cast(store, Checked: null) }, new[] { new Cast(type, Checked: true) });

    /// <summary>Stored as a long holding the same bits.</summary>
    private static PostgresStorage BitForBit(string type) =>
        new("long", new[] { new Cast("long", Checked: false) }, new[] { new Cast(type, Checked: false) });

    private static string Keyword(ValueKind kind) => kind switch
    {
        ValueKind.Boolean => "bool",
        ValueKind.Byte => "byte",
        ValueKind.SByte => "sbyte",
        ValueKind.Int16 => "short",
        ValueKind.UInt16 => "ushort",
        ValueKind.Int32 => "int",
        ValueKind.UInt32 => "uint",
        ValueKind.Int64 => "long",
        ValueKind.UInt64 => "ulong",
        ValueKind.NInt => "nint",
        ValueKind.NUInt => "nuint",
        ValueKind.Single => "float",
        ValueKind.Double => "double",
        ValueKind.Decimal => "decimal",
        ValueKind.String => "string",
        ValueKind.Char => "char",
        ValueKind.Blob => "byte[]",
        _ => "global::System." + kind,
    };
}
