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
        if (!Fits(head + "("))
        {
            int name = LastTopLevel(head, ' ');
            if (name > 0 && head.IndexOf('<', name) < 0)
            {
                // A long return type: the method name starts the next line.
                Type(head.Substring(0, name));
                Indent();
                List(head.Substring(name + 1), items, tail);
                return Dedent();
            }
            int open = head.IndexOf('<');
            if (open > 0 && head.EndsWith(">", System.StringComparison.Ordinal))
            {
                // A long generic call: one type argument to a line, then the arguments.
                Line(head.Substring(0, open + 1));
                Indent();
                var types = SplitTopLevel(head.Substring(open + 1, head.Length - open - 2));
                for (int i = 0; i < types.Count; i++) Line(types[i] + (i + 1 < types.Count ? "," : ">("));
                Packed(Pieces(items, tail));
                return Dedent();
            }
        }
        Line(head + "(");
        Indent();
        Packed(Pieces(items, tail));
        return Dedent();
    }

    private static List<string> Pieces(IReadOnlyList<string> items, string tail)
    {
        var pieces = new List<string>();
        for (int i = 0; i < items.Count; i++) pieces.Add(items[i] + (i + 1 < items.Count ? "," : ")" + tail));
        return pieces;
    }

    /// <summary>Writes a type (with leading modifiers); when too long, breaks after the first '&lt;', indenting the rest.</summary>
    private void Type(string text)
    {
        int open = text.IndexOf('<');
        if (Fits(text) || open < 0)
        {
            Line(text);
            return;
        }
        Line(text.Substring(0, open + 1));
        Indent();
        Type(text.Substring(open + 1));
        Dedent();
    }

    /// <summary>The last index of <paramref name="c"/> outside any &lt;&gt; or () nesting; -1 when there is none.</summary>
    private static int LastTopLevel(string text, char c)
    {
        int depth = 0;
        for (int i = text.Length - 1; i >= 0; i--)
        {
            char x = text[i];
            if (x is '>' or ')') depth++;
            else if (x is '<' or '(') depth--;
            else if (x == c && depth == 0) return i;
        }
        return -1;
    }

    /// <summary>Splits a type-argument list at its top-level commas.</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char x = text[i];
            if (x is '<' or '(') depth++;
            else if (x is '>' or ')') depth--;
            else if (x == ',' && depth == 0)
            {
                parts.Add(text.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }
        parts.Add(text.Substring(start).Trim());
        return parts;
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
