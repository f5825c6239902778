using System.Text;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Turns byte offsets of a UTF-8 document into 1-based lines and columns, where a column counts UTF-16 code units
/// (as editors and JavaScript do) and a line ends at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>. Offsets must be
/// asked in ascending order: the index sweeps the document once, so mapping every diagnostic costs one pass.
/// </summary>
internal ref struct LineIndex
{
    private readonly ReadOnlySpan<byte> _json;
    private int _position;
    private int _line;
    private int _column;

    /// <summary>Initializes a new instance of the <see cref="LineIndex"/> struct at the document's start.</summary>
    /// <param name="json">The document without its BOM.</param>
    public LineIndex(ReadOnlySpan<byte> json)
    {
        _json = json;
        _line = 1;
        _column = 1;
    }

    /// <summary>Moves forward to <paramref name="offset"/> and tells where it is.</summary>
    /// <param name="offset">A byte offset not before the previous one; clamped to the document.</param>
    /// <returns>The 1-based line and UTF-16 column.</returns>
    public (int Line, int Column) MoveTo(int offset)
    {
        offset = Math.Clamp(offset, _position, _json.Length);
        var segment = _json[_position..offset];
        var segmentStart = _position;
        while (true)
        {
            var i = segment.IndexOfAny((byte)'\n', (byte)'\r');
            if (i < 0)
            {
                break;
            }

            var at = segmentStart + i;

            // "\r\n" is one break: the "\n" ends the line.
            var isBreak = _json[at] == (byte)'\n' || at + 1 >= _json.Length || _json[at + 1] != (byte)'\n';
            if (isBreak)
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }

            segment = segment[(i + 1)..];
            segmentStart = at + 1;
        }

        _column += Encoding.UTF8.GetCharCount(segment);
        _position = offset;
        return (_line, _column);
    }

    /// <summary>
    /// The byte offset of a position as <see cref="System.Text.Json.Utf8JsonReader"/> reports it: lines counted by
    /// <c>\n</c> only, and a byte position within the line.
    /// </summary>
    /// <param name="json">The document without its BOM.</param>
    /// <param name="lineNumber">The 0-based line, counted by <c>\n</c>.</param>
    /// <param name="bytePositionInLine">The 0-based byte position in that line.</param>
    /// <returns>The offset, clamped to the document.</returns>
    public static int OffsetOf(ReadOnlySpan<byte> json, long lineNumber, long bytePositionInLine)
    {
        var start = 0;
        for (long line = 0; line < lineNumber; line++)
        {
            var i = json[start..].IndexOf((byte)'\n');
            if (i < 0)
            {
                return json.Length;
            }

            start += i + 1;
        }

        return (int)Math.Min(json.Length, start + Math.Max(0, bytePositionInLine));
    }
}
