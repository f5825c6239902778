using System.Globalization;

namespace Trellis.Actions.Policy;

/// <summary>
/// Whether a web URL (<c>http</c>, <c>https</c>) names a host a browser can reach: a host name, an IPv4 address or a
/// bracketed IPv6 address, and an optional numeric port. Placeholders pasted as written
/// (<c>http://&lt;appUrl&gt;:&lt;appPort&gt;/</c>) fail it; the validator warns about them and the UI refuses to open them.
/// </summary>
public static class UrlHost
{
    /// <summary>
    /// The authority (host and port) of a web URL when it is not one a browser can open, or <see langword="null"/>
    /// when it is, or when the URL is not an <c>http</c> or <c>https</c> URL with an authority.
    /// </summary>
    /// <param name="url">A normalised URL.</param>
    /// <returns>The offending authority as written, or <see langword="null"/>.</returns>
    public static string? InvalidAuthority(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var (start, length) = AuthorityOf(url);
        return start < 0 || IsValidAuthority(url.AsSpan(start, length)) ? null : url.Substring(start, length);
    }

    /// <summary>Where the authority of an <c>http</c> or <c>https</c> URL starts and how long it is; <c>(-1, 0)</c> for other URLs.</summary>
    /// <param name="url">A URL or URL template.</param>
    /// <returns>The start index and the length of the authority.</returns>
    internal static (int Start, int Length) AuthorityOf(ReadOnlySpan<char> url)
    {
        var schemeLength = UrlScheme.SchemeLength(url);
        if (schemeLength < 0)
        {
            return (-1, 0);
        }

        var scheme = url[..schemeLength];
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return (-1, 0);
        }

        // Browsers read any run of slashes (or backslashes) after a web scheme as the start of the authority.
        var start = schemeLength + 1;
        while (start < url.Length && url[start] is '/' or '\\')
        {
            start++;
        }

        var end = url[start..].IndexOfAny("/\\?#");
        return (start, end < 0 ? url.Length - start : end);
    }

    /// <summary>Whether <c>[userinfo@]host[:port]</c> has a valid host and, if any, a numeric port up to 65535.</summary>
    /// <param name="authority">The authority without the slashes before it.</param>
    /// <returns><see langword="true"/> when a browser can open it.</returns>
    internal static bool IsValidAuthority(ReadOnlySpan<char> authority)
    {
        var at = authority.LastIndexOf('@');
        var hostAndPort = authority[(at + 1)..];
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']');
            if (close < 0 || !System.Net.IPAddress.TryParse(hostAndPort[1..close], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = hostAndPort[..(close + 1)];
            var rest = hostAndPort[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                return false;
            }

            port = rest.Length > 0 ? rest[1..] : [];
        }
        else
        {
            var colon = hostAndPort.LastIndexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort[..colon];
            port = colon < 0 ? [] : hostAndPort[(colon + 1)..];
            if (!IsHostName(host))
            {
                return false;
            }
        }

        return host.Length > 0 && (port.Length == 0 || (port.Length <= 5 && !port.ContainsAnyExceptInRange('0', '9')
            && int.Parse(port, CultureInfo.InvariantCulture) <= 65535));
    }

    // Dot-separated labels of letters, digits, '-' and '_' (any non-ASCII letter too: browsers convert IDNs); IPv4
    // addresses are such names as well.
    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        var label = 0;
        foreach (var c in host.EndsWith('.') ? host[..^1] : host)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }

                label = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c > 127 && char.IsLetterOrDigit(c)))
            {
                label++;
            }
            else
            {
                return false;
            }
        }

        return label > 0;
    }
}
