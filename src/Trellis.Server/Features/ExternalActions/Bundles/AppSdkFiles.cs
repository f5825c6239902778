namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>
/// The app SDK (<c>sdk/js</c>) at a stable path on Trellis's origin and on the bundle origin, so a bundle page
/// imports it without npm or a copy (docs/app-sdk.md#getting-it).
/// </summary>
internal static class AppSdkFiles
{
    public const string ModulePath = "/sdk/trellis-app.js";
    public const string TypesPath = "/sdk/trellis-app.d.ts";

    /// <summary>The route names the bundle origin lets through.</summary>
    public const string ModuleEndpoint = "AppSdkModule";
    public const string TypesEndpoint = "AppSdkTypes";

    public static readonly PublicFile Module = PublicFile.FromResource("Trellis.Server.sdk.trellis-app.js", "text/javascript; charset=utf-8");
    public static readonly PublicFile Types = PublicFile.FromResource("Trellis.Server.sdk.trellis-app.d.ts", "text/plain; charset=utf-8");
}
