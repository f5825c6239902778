namespace Trellis.Actions.Policy;

/// <summary>Reads the scheme of a URL the way browsers do before they navigate (docs/reference/launches.md#run-time-url-check).</summary>
public static class UrlScheme
{
    /// <summary>
    /// Strips leading and trailing C0 controls and spaces, and removes every tab and newline, as the URL
    /// standard does before parsing.
    /// </summary>
    /// <param name="url">The URL after token substitution.</param>
    /// <returns>The URL a browser would parse.</returns>
    public static string Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trimmed = url.AsSpan().Trim(" \0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");
        if (trimmed.IndexOfAny('\t', '\n', '\r') < 0)
        {
            return trimmed.Length == url.Length ? url : trimmed.ToString();
        }

        return string.Create(trimmed.Length - CountTabsAndNewlines(trimmed), trimmed.ToString(), static (span, source) =>
        {
            var j = 0;
            foreach (var c in source)
            {
                if (c is not ('\t' or '\n' or '\r'))
                {
                    span[j++] = c;
                }
            }
        });
    }

    /// <summary>
    /// Reads the scheme (<c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"</c>) at the start of a URL.
    /// </summary>
    /// <param name="url">A normalised URL.</param>
    /// <param name="scheme">The scheme in lower case, without the colon.</param>
    /// <returns><see langword="true"/> when the URL starts with a scheme.</returns>
    public static bool TryRead(string url, out string scheme)
    {
        ArgumentNullException.ThrowIfNull(url);
        var length = SchemeLength(url);
        scheme = length < 0 ? string.Empty : url[..length].ToLowerInvariant();
        return length >= 0;
    }

    /// <summary>The length of the scheme at the start of a URL, without its colon, as <see cref="TryRead"/> reads it.</summary>
    /// <param name="url">A normalised URL.</param>
    /// <returns>The length, or <c>-1</c> when the URL does not start with a scheme.</returns>
    internal static int SchemeLength(ReadOnlySpan<char> url)
    {
        if (url.Length == 0 || !char.IsAsciiLetter(url[0]))
        {
            return -1;
        }

        var i = 1;
        while (i < url.Length && (char.IsAsciiLetterOrDigit(url[i]) || url[i] is '+' or '-' or '.'))
        {
            i++;
        }

        return i < url.Length && url[i] == ':' ? i : -1;
    }

    private static int CountTabsAndNewlines(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c is '\t' or '\n' or '\r')
            {
                count++;
            }
        }

        return count;
    }
}
