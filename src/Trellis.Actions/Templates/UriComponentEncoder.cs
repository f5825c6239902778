using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Trellis.Actions.Templates;

/// <summary>
/// The one value encoder of SPEC.md §4.2, used for every token value in every part of a URL (path, query and
/// fragment alike): exactly JavaScript's <c>encodeURIComponent</c>.
/// </summary>
internal static class UriComponentEncoder
{
    // encodeURIComponent leaves exactly these: ALPHA, DIGIT and - _ . ! ~ * ' ( ).
    private const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

    private static readonly SearchValues<char> s_unreserved = SearchValues.Create(UnreservedCharacters);

    // Short values (ids, numbers) are the common case: a table lookup beats setting up a vector search.
    private const int ShortValue = 16;

    /// <summary>Whether <paramref name="c"/> passes through unencoded.</summary>
    public static bool IsUnreserved(char c) => c < 128 && Table[c] != 0;

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

    /// <summary>
    /// Copies <paramref name="value"/> into <paramref name="target"/> when none of its characters needs encoding;
    /// otherwise returns <see langword="false"/> (what was copied so far is garbage to overwrite).
    /// </summary>
    public static bool TryCopyUnreserved(ReadOnlySpan<char> value, Span<char> target)
    {
        if (value.Length > ShortValue)
        {
            if (value.IndexOfAnyExcept(s_unreserved) >= 0)
            {
                return false;
            }

            value.CopyTo(target);
            return true;
        }

        var table = Table;
        target = target[..value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 128 || table[c] == 0)
            {
                return false;
            }

            target[i] = c;
        }

        return true;
    }

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

    // value[0] needs encoding; encodes it and whatever follows.
    private static void AppendFrom(ref ValueStringBuilder builder, ReadOnlySpan<char> value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
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
            var run = FirstToEncode(value);
            if (run < 0)
            {
                builder.Append(value);
                return;
            }

            builder.Append(value[..run]);
            value = value[run..];
        }
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
