using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Holon.Data.Internal;

/// <summary>
/// A per-thread buffer and writer that JSON values are serialized into before SQLite copies them (SQLITE_TRANSIENT),
/// so binding a JSON value allocates nothing once the buffer has grown to the documents' size. The writer follows
/// the type information's options (encoder, indentation, depth) and is made again only when they change.
/// </summary>
internal sealed class JsonUtf8Buffer
{
    // A buffer that grew past this for one large document is dropped, not kept for the thread's life.
    private const int KeepCapacity = 64 * 1024;

    [ThreadStatic]
    private static JsonUtf8Buffer? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;
    private JsonSerializerOptions? _options;

    /// <summary>The thread's buffer (a new one while it is in use, as in a nested bind).</summary>
    public static JsonUtf8Buffer Rent()
    {
        var buffer = t_cached ?? new JsonUtf8Buffer();
        t_cached = null;
        return buffer;
    }

    /// <summary>Serializes <paramref name="value"/>; the span is valid until <see cref="Return"/>.</summary>
    public ReadOnlySpan<byte> Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var writer = Writer(typeInfo.Options);
        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>
    /// The writer over the emptied buffer, following <paramref name="options"/>; what it writes is <see cref="Written"/>
    /// once flushed. For a caller that keeps its own buffer (one options object), the writer is made once.
    /// </summary>
    public Utf8JsonWriter Writer(JsonSerializerOptions options)
    {
        if (_writer is null || !ReferenceEquals(options, _options))
        {
            _writer?.Dispose();
            _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                IndentCharacter = options.IndentCharacter,
                IndentSize = options.IndentSize,
                NewLine = options.NewLine,
                MaxDepth = options.MaxDepth,
            });
            _options = options;
        }
        else
        {
            _writer.Reset(_buffer);
        }
        return _writer;
    }

    /// <summary>The bytes flushed so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Empties the buffer and keeps it for the thread's next bind, unless one document made it large.</summary>
    public void Return()
    {
        if (Clear()) t_cached = this;
    }

    /// <summary>Empties the buffer; false when one document made it too large to keep.</summary>
    public bool Clear()
    {
        _buffer.ResetWrittenCount();
        return _buffer.Capacity <= KeepCapacity;
    }
}
