namespace Trellis.Actions.Templates;

/// <summary>Limits and fixed values of URL expansion (docs/reference/launches.md#url-tokens).</summary>
public static class TemplateDefaults
{
    /// <summary>The most ids <c>{entity_ids}</c> carries; beyond that, the first ones in grid order.</summary>
    public const int MaxEntityIds = 500;

    /// <summary>The longest memo value, in UTF-16 code units, after HTML is stripped.</summary>
    public const int MaxMemoLength = 2000;

    /// <summary>The path that <c>{bundle_url}</c> appends to <c>{octane_url}</c>, before the shared space id.</summary>
    public const string BundlePathPrefix = "/api/shared_spaces/";

    /// <summary>The path that <c>{bundle_url}</c> appends after the shared space id.</summary>
    public const string BundlePathSuffix = "/external-entity-actions/bundle";

    /// <summary>What <c>{user_identity_token}</c> stays as when identity tokens are disabled.</summary>
    public const string IdentityTokenLiteral = "{user_identity_token}";
}
