using System.Buffers;
using System.Runtime.CompilerServices;

namespace Trellis.Actions.Templates;

/// <summary>
/// The one value encoder of docs/reference/launches.md#values-and-encoding, used for every token value in every part of a URL (path, query and
/// fragment alike): exactly JavaScript's <c>encodeURIComponent</c>.
/// </summary>
internal static class UriComponentEncoder
{
    // encodeURIComponent leaves exactly these: ALPHA, DIGIT and - _ . ! ~ * ' ( ).
    private const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

    private static readonly SearchValues<char> s_unreserved = SearchValues.Create(UnreservedCharacters);

    private static readonly SearchValues<char> s_unreservedOrComma = SearchValues.Create(UnreservedCharacters + ",");

    // Short values (ids, numbers) are the common case: a table lookup beats setting up a vector search.
    private const int ShortValue = 16;

    /// <summary>
    /// Appends <paramref name="value"/> percent-encoded: UTF-8 bytes as <c>%XX</c> with upper-case hex, space as
    /// <c>%20</c>. A lone surrogate, on which <c>encodeURIComponent</c> throws, becomes U+FFFD (<c>%EF%BF%BD</c>)
    /// so that a launch never fails on a malformed stored value.
    /// </summary>
    public static void Append(ref ValueStringBuilder builder, ReadOnlySpan<char> value)
    {
        var run = FirstToEncode(value);
        if (run < 0)
        {
            builder.Append(value);
            return;
        }

        builder.Append(value[..run]);
        AppendFrom(ref builder, value[run..]);
    }

    /// <summary>Whether every character of <paramref name="text"/> is unreserved or a comma.</summary>
    public static bool IsUnreservedOrComma(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(s_unreservedOrComma) < 0;

    /// <summary>Encodes a whole value into a new string.</summary>
    public static string Encode(ReadOnlySpan<char> value)
    {
        if (FirstToEncode(value) < 0)
        {
            return value.ToString();
        }

        var builder = new ValueStringBuilder(stackalloc char[256]);
        Append(ref builder, value);
        return builder.ToString();
    }

    // 1 for each unreserved ASCII character, indexed by code.
    private static ReadOnlySpan<byte> Table =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstToEncode(ReadOnlySpan<char> value)
    {
        if (value.Length > ShortValue)
        {
            return value.IndexOfAnyExcept(s_unreserved);
        }

        var table = Table;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 128 || table[c] == 0)
            {
                return i;
            }
        }

        return -1;
    }

    // value[0] needs encoding. One pass over the rest, writing into room reserved for the worst case: a UTF-16 unit
    // becomes at most three UTF-8 bytes, nine characters.
    private static void AppendFrom(ref ValueStringBuilder builder, ReadOnlySpan<char> value)
    {
        var target = builder.AppendSpan(value.Length * 9);
        var table = Table;
        var w = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80)
            {
                if (table[c] != 0)
                {
                    target[w++] = c;
                }
                else
                {
                    w = Escape(target, w, c);
                }
            }
            else if (c < 0x800)
            {
                w = Escape(target, w, 0xC0 | (c >> 6));
                w = Escape(target, w, 0x80 | (c & 0x3F));
            }
            else if (!char.IsSurrogate(c))
            {
                w = Escape(target, w, 0xE0 | (c >> 12));
                w = Escape(target, w, 0x80 | ((c >> 6) & 0x3F));
                w = Escape(target, w, 0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var scalar = char.ConvertToUtf32(c, value[++i]);
                w = Escape(target, w, 0xF0 | (scalar >> 18));
                w = Escape(target, w, 0x80 | ((scalar >> 12) & 0x3F));
                w = Escape(target, w, 0x80 | ((scalar >> 6) & 0x3F));
                w = Escape(target, w, 0x80 | (scalar & 0x3F));
            }
            else
            {
                // An unpaired surrogate, where encodeURIComponent throws: U+FFFD instead.
                w = Escape(target, w, 0xEF);
                w = Escape(target, w, 0xBF);
                w = Escape(target, w, 0xBD);
            }
        }

        builder.Shrink(target.Length - w);
    }

    private static int Escape(Span<char> target, int at, int utf8Byte)
    {
        target[at] = '%';
        target[at + 1] = HexUpper(utf8Byte >> 4);
        target[at + 2] = HexUpper(utf8Byte & 0xF);
        return at + 3;
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
