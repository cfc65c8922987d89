using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Holon.Data.Internal;

namespace Holon.Data.Generated;

/// <summary>
/// Writes an IN-list's elements as one JSON array of UTF-8 bytes, bound as the single TEXT value that
/// <c>json_each(@list)</c> reads: one prepared statement serves every list length. The JSON (and the escaping of text)
/// is <see cref="Utf8JsonWriter"/>'s; the buffer and the writer are cached per thread, so writing a list allocates
/// nothing once warm.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class InListJson
{
    // The text is read by SQLite alone, never embedded in HTML: only what JSON requires is escaped.
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] private static InListJson? t_cached;

    private JsonUtf8Buffer _json = new();
    private Utf8JsonWriter _writer = null!;
    private int _count;
    private string _origin = "";
    private string _parameter = "";

    private InListJson() { }

    /// <summary>A writer for the list <paramref name="parameter"/> of <paramref name="origin"/>, with '[' written.</summary>
    public static InListJson Start(string origin, string parameter)
    {
        var w = t_cached ?? new InListJson();
        t_cached = null;
        w._origin = origin;
        w._parameter = parameter;
        w._count = 0;
        w._writer = w._json.Writer(s_options);
        w._writer.WriteStartArray();
        return w;
    }

    /// <summary>Appends an integer element.</summary>
    public void Int64(long value)
    {
        _count++;
        _writer.WriteNumberValue(value);
    }

    /// <summary>Appends a floating-point element, written so that it reads back as the same double.</summary>
    public void Double(double value)
    {
        // JSON has no NaN or infinity; SQLite would turn NaN into NULL. Refused, naming the element.
        if (!double.IsFinite(value))
            throw new ArgumentException($"{_origin}: element {_count} of '{_parameter}' is {value}, which an IN-list cannot hold.", _parameter);
        _count++;
        _writer.WriteNumberValue(value);
    }

    /// <summary>
    /// Appends a text element, JSON-escaped by <see cref="Utf8JsonWriter"/>. A lone surrogate (invalid UTF-16, which
    /// .NET strings allow) is written as its <c>\uXXXX</c> escape, which json_each reads as the same three bytes a
    /// text parameter binds it as, so the element matches what such a string stored.
    /// </summary>
    public void Text(ReadOnlySpan<char> value)
    {
        _count++;
        if (LoneSurrogateAt(value) < 0) _writer.WriteStringValue(value);
        else WriteKeepingLoneSurrogates(value);
    }

    /// <summary>The index of the first surrogate without its partner, or -1.</summary>
    private static int LoneSurrogateAt(ReadOnlySpan<char> value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i])) continue;
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else return i;
        }
        return -1;
    }

    // Rare (invalid UTF-16): the well-formed runs are escaped by System.Text.Json, each lone surrogate by hand.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WriteKeepingLoneSurrogates(ReadOnlySpan<char> value) => _writer.WriteRawValue(EscapeKeepingLoneSurrogates(value), skipInputValidation: true);

    private static byte[] EscapeKeepingLoneSurrogates(ReadOnlySpan<char> value)
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>(value.Length * 3 + 2);
        Span<byte> escape = stackalloc byte[6];
        "\\u"u8.CopyTo(escape);
        json.Write("\""u8);
        for (int lone; (lone = LoneSurrogateAt(value)) >= 0; value = value[(lone + 1)..])
        {
            json.Write(JsonEncodedText.Encode(value[..lone], s_options.Encoder).EncodedUtf8Bytes);
            ((int)value[lone]).TryFormat(escape[2..], out _, "X4", CultureInfo.InvariantCulture);
            json.Write(escape);
        }
        json.Write(JsonEncodedText.Encode(value, s_options.Encoder).EncodedUtf8Bytes);
        json.Write("\""u8);
        return json.WrittenSpan.ToArray();
    }

    /// <summary>Appends a formatted element (GUID, dates, decimal) as a JSON string.</summary>
    public void Formatted<T>(T value, string format) where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[64];
        if (!value.TryFormat(text, out int written, format, CultureInfo.InvariantCulture))
            throw new FormatException($"{_origin}: element {_count} of '{_parameter}' does not format as '{format}' in 64 bytes.");
        _count++;
        _writer.WriteStringValue(text[..written]);
    }

    /// <summary>Appends a GUID as upper-case text, as a GUID parameter is bound.</summary>
    public void Guid(Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out int written, "D");
        for (int i = 0; i < written; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f') text[i] -= 'a' - 'A';
        }
        _count++;
        _writer.WriteStringValue(text[..written]);
    }

    /// <summary>Appends a NULL element (it never matches: <c>x IN (NULL)</c> is never true).</summary>
    public void Null()
    {
        _count++;
        _writer.WriteNullValue();
    }

    /// <summary>Closes the array, binds it to <paramref name="slot"/> and gives the writer back.</summary>
    public void BindTo(PreparedStatement statement, int slot)
    {
        _writer.WriteEndArray();
        _writer.Flush();
        try
        {
            statement.BindUtf8Text(slot, _json.Written);
        }
        finally
        {
            // A very long list does not keep its buffer on the thread.
            if (!_json.Clear()) _json = new JsonUtf8Buffer();
            t_cached = this;
        }
    }

    /// <summary>The JSON written so far, for tests and error messages.</summary>
    public override string ToString()
    {
        _writer.Flush();
        return System.Text.Encoding.UTF8.GetString(_json.Written);
    }
}
