using System.Buffers;
using System.Text;

namespace Trellis.Actions.Templates;

/// <summary>
/// The one value encoder of SPEC.md §4.2, used for every token value in every part of a URL (path, query and
/// fragment alike): exactly JavaScript's <c>encodeURIComponent</c>.
/// </summary>
internal static class UriComponentEncoder
{
    // encodeURIComponent leaves exactly these: ALPHA, DIGIT and - _ . ! ~ * ' ( ).
    private static readonly SearchValues<char> s_unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()");

    /// <summary>Whether <paramref name="c"/> passes through unencoded.</summary>
    public static bool IsUnreserved(char c) => s_unreserved.Contains(c);

    /// <summary>
    /// Appends <paramref name="value"/> percent-encoded: UTF-8 bytes as <c>%XX</c> with upper-case hex, space as
    /// <c>%20</c>. A lone surrogate, on which <c>encodeURIComponent</c> throws, becomes U+FFFD (<c>%EF%BF%BD</c>)
    /// so that a launch never fails on a malformed stored value.
    /// </summary>
    public static void Append(ref ValueStringBuilder builder, ReadOnlySpan<char> value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!value.IsEmpty)
        {
            var run = value.IndexOfAnyExcept(s_unreserved);
            if (run < 0)
            {
                builder.Append(value);
                return;
            }

            builder.Append(value[..run]);
            value = value[run..];

            // Invalid or unpaired UTF-16 decodes to U+FFFD, consuming the bad unit.
            _ = Rune.DecodeFromUtf16(value, out var rune, out var consumed);
            var count = rune.EncodeToUtf8(utf8);
            var target = builder.AppendSpan(count * 3);
            for (var i = 0; i < count; i++)
            {
                var b = utf8[i];
                target[i * 3] = '%';
                target[(i * 3) + 1] = HexUpper(b >> 4);
                target[(i * 3) + 2] = HexUpper(b & 0xF);
            }

            value = value[consumed..];
        }
    }

    /// <summary>Encodes a whole value into a new string.</summary>
    public static string Encode(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAnyExcept(s_unreserved) < 0)
        {
            return value.ToString();
        }

        var builder = new ValueStringBuilder(stackalloc char[256]);
        Append(ref builder, value);
        return builder.ToString();
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
