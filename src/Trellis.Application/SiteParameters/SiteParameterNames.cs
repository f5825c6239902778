using System.Collections.Frozen;

namespace Trellis.Application.SiteParameters;

/// <summary>The site parameters of docs/reference/site-parameters.md#parameters and their defaults.</summary>
internal static class SiteParameterNames
{
    public const string SupportedProtocols = "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS";
    public const string BundlesEnabled = "SUPPORT_EXTERNAL_ENTITY_ACTIONS_BUNDLE";
    public const string CorsEnabled = "CORS_ENABLED";
    public const string CorsAllowOrigin = "CORS_ALLOW_ORIGIN";
    public const string CorsAuthAllowOrigin = "CORS_AUTH_ALLOW_ORIGIN";
    public const string CorsMaxAge = "CORS_MAX_AGE";
    public const string ExternalActionsCorsEnabled = "EXTERNAL_ACTIONS_CORS_ENABLED";
    public const string UserIdentityToken = "EXTERNAL_ACTIONS_USER_IDENTITY_TOKEN";
    public const string AviatorDisplayOotbChips = "AVIATOR_DISPLAY_OOTB_CHIPS";

    /// <summary>Every known parameter with its default; unknown names are refused by the admin API.</summary>
    public static FrozenDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SupportedProtocols] = "https,http,mailto",
        [BundlesEnabled] = "true",
        [CorsEnabled] = "false",
        [CorsAllowOrigin] = string.Empty,
        [CorsAuthAllowOrigin] = string.Empty,
        [CorsMaxAge] = "600",
        [ExternalActionsCorsEnabled] = "false",
        [UserIdentityToken] = "true",
        [AviatorDisplayOotbChips] = "true",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
