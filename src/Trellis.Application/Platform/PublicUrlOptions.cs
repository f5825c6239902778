using System.ComponentModel.DataAnnotations;

namespace Trellis.Application.Platform;

/// <summary>
/// The server's public addresses: where people reach Trellis (<c>Trellis:PublicBaseUrl</c>) and the separate origin
/// bundle files are served from (<c>Trellis:Bundles:Origin</c>), see docs/security.md.
/// </summary>
public sealed class PublicUrlOptions : IValidatableObject
{
    /// <summary>The key of <see cref="PublicBaseUrl"/>.</summary>
    public const string PublicBaseUrlKey = "Trellis:PublicBaseUrl";

    /// <summary>The key of <see cref="BundleOrigin"/>.</summary>
    public const string BundleOriginKey = "Trellis:Bundles:Origin";

    /// <summary>
    /// Gets or sets the URL people reach Trellis at (scheme, host, port and path base), used for <c>{octane_url}</c>,
    /// identity tokens and the same-origin checks. <value>The default is none: the request's own scheme and host.</value>
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the origin bundle files are served from, such as <c>http://localhost:5001</c>. <value>The default is
    /// none: a second listener on the next port (see docs/security.md).</value>
    /// </summary>
    public string? BundleOrigin { get; set; }

    /// <summary>Reads both keys from configuration.</summary>
    public static void Bind(PublicUrlOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.PublicBaseUrl = Trimmed(configuration[PublicBaseUrlKey]);
        options.BundleOrigin = Trimmed(configuration[BundleOriginKey]);
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is not null && !IsHttpUrl(PublicBaseUrl))
        {
            yield return new ValidationResult($"{PublicBaseUrlKey} must be an absolute http or https URL, not '{PublicBaseUrl}'.", [nameof(PublicBaseUrl)]);
        }

        if (BundleOrigin is null)
        {
            yield break;
        }

        if (!IsHttpUrl(BundleOrigin) || new Uri(BundleOrigin).AbsolutePath != "/" || BundleOrigin.Contains('?', StringComparison.Ordinal) || BundleOrigin.Contains('#', StringComparison.Ordinal))
        {
            yield return new ValidationResult($"{BundleOriginKey} must be an http or https origin without a path, such as http://localhost:5001, not '{BundleOrigin}'.", [nameof(BundleOrigin)]);
        }
        else if (PublicBaseUrl is not null && IsHttpUrl(PublicBaseUrl) && SameAuthority(new Uri(PublicBaseUrl), new Uri(BundleOrigin)))
        {
            yield return new ValidationResult($"{BundleOriginKey} must differ from {PublicBaseUrlKey} in host or port: bundles must not run on Trellis's own origin.", [nameof(BundleOrigin)]);
        }
    }

    /// <summary>Whether two URLs name the same host and port (the scheme is left out: a proxy may end TLS).</summary>
    internal static bool SameAuthority(Uri a, Uri b) =>
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('/');
}
