using System.Collections.Generic;
using System.Text;

namespace Holon.Gen.Emitting;

/// <summary>Writes lines with four-space indentation and '\n' line ends, so output is the same on every OS.</summary>
internal sealed class IndentedWriter
{
    /// <summary>Lines longer than this are wrapped where the writer can (argument and parameter lists).</summary>
    public const int MaxLine = 139;

    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes <c>head(item, item, ...)tail</c> on one line when it fits; else the items go on the following lines,
    /// indented, as many to a line as fit. Used for signatures and calls so generated lines stay short.
    /// </summary>
    public IndentedWriter List(string head, IReadOnlyList<string> items, string tail)
    {
        string one = head + "(" + string.Join(", ", items) + ")" + tail;
        if (_depth * 4 + one.Length <= MaxLine || items.Count == 0) return Line(one);
        int name = head.LastIndexOf(' ');
        if (!Fits(head + "(") && name > 0)
        {
            // A long return type: the method name starts the next line.
            Line(head.Substring(0, name));
            Indent();
            List(head.Substring(name + 1), items, tail);
            return Dedent();
        }
        Line(head + "(");
        Indent();
        var pieces = new List<string>();
        for (int i = 0; i < items.Count; i++) pieces.Add(items[i] + (i + 1 < items.Count ? "," : ")" + tail));
        Packed(pieces);
        return Dedent();
    }

    public bool Fits(string line) => _depth * 4 + line.Length <= MaxLine;

    /// <summary>Writes the pieces separated by spaces, as many to a line as fit.</summary>
    public IndentedWriter Packed(IReadOnlyList<string> pieces)
    {
        var line = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (line.Length > 0 && _depth * 4 + line.Length + 1 + piece.Length > MaxLine)
            {
                Line(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(piece);
        }
        if (line.Length > 0) Line(line.ToString());
        return this;
    }

    /// <summary>Writes '{' and indents.</summary>
    public IndentedWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _depth++;
        return this;
    }

    /// <summary>Like <see cref="List"/> followed by <see cref="Open(string?)"/>: a wrapped signature and its body.</summary>
    public IndentedWriter Open(string head, IReadOnlyList<string> parameters)
    {
        List(head, parameters, "");
        return Open();
    }

    /// <summary>Dedents and writes '}' (plus an optional suffix such as ';').</summary>
    public IndentedWriter Close(string suffix = "")
    {
        _depth--;
        return Line("}" + suffix);
    }

    public IndentedWriter Indent() { _depth++; return this; }

    public IndentedWriter Dedent() { _depth--; return this; }

    public override string ToString() => _text.ToString();
}
