using System.Text;

namespace Trellis.Application.ExternalActions.Identity;

/// <summary>
/// Writes the JSON of a token's header and payload so that their base64url never contains <c>-</c> or <c>_</c>
/// (docs/identity-tokens.md#the-token): verifiers in the wild decode those segments with <c>atob</c>. ASCII-only output with <c>\uXXXX</c>
/// escapes; with 7-bit input only <c>&gt;</c>, <c>?</c>, <c>~</c> and DEL can encode to <c>-</c> or <c>_</c>, so they are escaped too.
/// </summary>
internal sealed class AsciiJson
{
    private readonly StringBuilder _text = new(256);
    private bool _first = true;

    public AsciiJson() => _text.Append('{');

    public AsciiJson String(string name, string? value)
    {
        Name(name);
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            Quoted(value);
        }

        return this;
    }

    public AsciiJson Number(string name, long value)
    {
        Name(name);
        _text.Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>The finished object as ASCII bytes.</summary>
    public byte[] ToUtf8()
    {
        _text.Append('}');
        return Encoding.ASCII.GetBytes(_text.ToString());
    }

    /// <summary>Whether a character is written as <c>\uXXXX</c> rather than as itself.</summary>
    public static bool NeedsEscape(char c) => c is < ' ' or > '}' or '>' or '?';

    private void Name(string name)
    {
        if (!_first)
        {
            _text.Append(',');
        }

        _first = false;
        Quoted(name);
        _text.Append(':');
    }

    private void Quoted(string value)
    {
        _text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    _text.Append("\\\"");
                    break;
                case '\\':
                    _text.Append("\\\\");
                    break;
                case var _ when char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]):
                    Escape(c);
                    Escape(value[++i]);
                    break;
                // A lone surrogate is not text; JSON parsers would reject or mangle it.
                case var _ when char.IsSurrogate(c):
                    Escape('\uFFFD');
                    break;
                case var _ when NeedsEscape(c):
                    Escape(c);
                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }

        _text.Append('"');
    }

    private void Escape(char c) => _text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
}
