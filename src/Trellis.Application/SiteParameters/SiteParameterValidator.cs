using System.Globalization;
using Trellis.Actions.Policy;
using Trellis.Application.Cors;

namespace Trellis.Application.SiteParameters;

/// <summary>Checks a new value for a site parameter and gives it its stored form (docs/reference/site-parameters.md#parameters).</summary>
internal static class SiteParameterValidator
{
    /// <summary>The longest preflight max-age accepted, in seconds (a day; browsers cap lower anyway).</summary>
    public const int MaxCorsMaxAge = 86_400;

    private static readonly HashSet<string> s_booleans = new(StringComparer.Ordinal)
    {
        SiteParameterNames.BundlesEnabled,
        SiteParameterNames.CorsEnabled,
        SiteParameterNames.ExternalActionsCorsEnabled,
        SiteParameterNames.UserIdentityToken,
        SiteParameterNames.AviatorDisplayOotbChips,
    };

    /// <summary>The value to store, or the reason it is refused.</summary>
    public static (string? Value, string? Error) Validate(string name, string value)
    {
        var text = value.Trim();
        return name switch
        {
            _ when s_booleans.Contains(name) => bool.TryParse(text, out var flag)
                ? (flag ? "true" : "false", null)
                : (null, $"{name} is a boolean: true or false."),
            SiteParameterNames.CorsMaxAge => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxCorsMaxAge
                ? (seconds.ToString(CultureInfo.InvariantCulture), null)
                : (null, $"{name} is a whole number of seconds from 0 to {MaxCorsMaxAge}."),
            SiteParameterNames.SupportedProtocols => Protocols(text),
            SiteParameterNames.CorsAllowOrigin or SiteParameterNames.CorsAuthAllowOrigin => OriginList(name, text),
            _ => (text, null),
        };
    }

    private static (string? Value, string? Error) Protocols(string text)
    {
        var schemes = Origins.List(text).Select(s => s.TrimEnd(':').ToLowerInvariant()).ToList();
        if (schemes.FirstOrDefault(s => !IsScheme(s)) is { } bad)
        {
            return (null, $"'{bad}' is not a URL scheme.");
        }

        return schemes.FirstOrDefault(ProtocolPolicy.IsAlwaysForbidden) is { } forbidden
            ? (null, $"The scheme '{forbidden}' is never allowed.")
            : (string.Join(',', schemes.Distinct(StringComparer.Ordinal)), null);
    }

    // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
    private static bool IsScheme(string s) =>
        s.Length > 0 && char.IsAsciiLetter(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    private static (string? Value, string? Error) OriginList(string name, string text)
    {
        var entries = Origins.List(text).ToList();
        var bad = entries.FirstOrDefault(e => e != "*" && !IsOrigin(e));
        return bad is null
            ? (string.Join(',', entries), null)
            : (null, $"{name} is a comma list of origins such as https://app.example.com (or *); '{bad}' is not one.");
    }

    private static bool IsOrigin(string entry) =>
        Uri.TryCreate(entry, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
