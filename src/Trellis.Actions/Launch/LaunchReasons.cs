namespace Trellis.Actions.Launch;

/// <summary>
/// The reason codes of docs/reference/launches.md#availability, one per availability check, in check order. Stable strings: the UI, the
/// server log and <c>trellis preview</c> all print them.
/// </summary>
public static class LaunchReasons
{
    /// <summary>Check 1 failed: the workspace is not in <c>workspaces</c>, or is in <c>exclude_workspaces</c>. Hidden.</summary>
    public const string Workspace = "workspace";

    /// <summary>Check 2 failed: the current view is not in <c>views</c>. Hidden.</summary>
    public const string View = "view";

    /// <summary>Check 3 failed: a side panel does not list the module in <c>mode.modules</c>. Hidden.</summary>
    public const string Module = "module";

    /// <summary>Check 4 failed: the grid cannot show a matching type, or the entity does not match. Hidden.</summary>
    public const string EntityType = "entity_type";

    /// <summary>Check 5 failed: the selection does not suit a button or chip. Disabled.</summary>
    public const string Selection = "selection";

    /// <summary>Check 6 failed: the expanded URL's scheme is refused (docs/reference/launches.md#run-time-url-check). Disabled.</summary>
    public const string Protocol = "protocol";

    /// <summary>Check 7 failed: the URL uses <c>{bundle_url}</c> while bundles are off. Disabled.</summary>
    public const string BundleDisabled = "bundle_disabled";
}
