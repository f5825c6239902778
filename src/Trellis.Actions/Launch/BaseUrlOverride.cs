using Trellis.Actions.Configuration;

namespace Trellis.Actions.Launch;

/// <summary>
/// A development override (docs/reference/launches.md#development-overrides): one author points one action at another
/// base URL, such as <c>http://localhost:3000</c>, for their own launches. The base replaces what comes before the
/// URL's path (the leading <c>{bundle_url}</c> or <c>{octane_url}</c>, or the scheme and authority of an absolute URL);
/// the path, query, fragment and every other token stay, so the launch is the one colleagues get, served from elsewhere.
/// </summary>
public static class BaseUrlOverride
{
    /// <summary>The longest base URL accepted.</summary>
    public const int MaxLength = 2048;

    private const string BundleUrlToken = "{bundle_url}";
    private const string OctaneUrlToken = "{octane_url}";

    /// <summary>
    /// Checks a base URL an author asked for: absolute <c>http</c> or <c>https</c> with a host, and no user name,
    /// query, fragment or braces (which would read as tokens). Returns it without a trailing <c>/</c>, or why not.
    /// </summary>
    /// <param name="url">The URL as given.</param>
    /// <returns>The normalised base, or <see langword="null"/> and the problem in words.</returns>
    public static (string? Base, string? Problem) Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return (null, "url is required: an absolute http or https URL such as http://localhost:3000.");
        }

        if (url.Length > MaxLength)
        {
            return (null, $"url is longer than {MaxLength} characters.");
        }

        // On Unix a rooted path parses as an absolute file: URI; to the author it is a relative path.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || url.Any(char.IsWhiteSpace) || (uri.IsFile && !url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, $"url '{url}' is not an absolute URL; write it as http://localhost:3000 or https://host/path.");
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            return (null, $"url '{url}' uses '{uri.Scheme}:'; only http and https are allowed.");
        }

        if (uri.Host.Length == 0 || uri.UserInfo.Length > 0)
        {
            return (null, $"url '{url}' must name a host and no user name or password.");
        }

        if (url.IndexOfAny(['?', '#', '{', '}']) >= 0)
        {
            return (null, $"url '{url}' must be a base only: no query (?), fragment (#) or braces.");
        }

        return (url.TrimEnd('/'), null);
    }

    /// <summary>Whether an action can be overridden: a dialog, side panel or tab on http(s), a bundle or this server; never an Aviator chip (its prompt file is read by the server).</summary>
    /// <param name="action">The action.</param>
    /// <returns><see langword="null"/> when it can, else why not.</returns>
    public static string? WhyNot(ActionDefinition action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Kind == ActionKind.AviatorChip)
        {
            return $"'{action.Name}' is an Aviator chip: its prompt is read from the bundle by the server, so it cannot point elsewhere.";
        }

        return action.Url is { } url && Rebase(url, "http://localhost") is not null
            ? null
            : $"'{action.Name}' has no http, https, {{bundle_url}} or {{octane_url}} url to point elsewhere.";
    }

    /// <summary>The action's URL template with its base replaced, or <see langword="null"/> when it has no base to replace.</summary>
    /// <param name="template">The action's <c>url</c>.</param>
    /// <param name="baseUrl">A base from <see cref="Normalize"/>.</param>
    /// <returns>The rebased template.</returns>
    public static string? Rebase(string template, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(baseUrl);
        foreach (var token in (ReadOnlySpan<string>)[BundleUrlToken, OctaneUrlToken])
        {
            if (template.StartsWith(token, StringComparison.Ordinal))
            {
                return Join(baseUrl, template[token.Length..]);
            }
        }

        var schemeEnd = template.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !template[..schemeEnd].Equals("http", StringComparison.OrdinalIgnoreCase) && !template[..schemeEnd].Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = template.IndexOfAny(['/', '?', '#'], authorityStart);
        var authority = authorityEnd < 0 ? template[authorityStart..] : template[authorityStart..authorityEnd];

        // A host made of tokens is not a base that can be named.
        return authority.Length == 0 || authority.Contains('{', StringComparison.Ordinal) ? null : Join(baseUrl, authorityEnd < 0 ? "" : template[authorityEnd..]);
    }

    private static string Join(string baseUrl, string rest) => rest.Length == 0 || rest[0] is '/' or '?' or '#' ? baseUrl + rest : baseUrl + "/" + rest;
}
