using System.Collections.Frozen;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>
/// Keeps bundle code away from the viewer's administrative rights (docs/security.md): on the bundle origin only the
/// bundle files and the workspace-data endpoints answer, everything else is 404; on Trellis's own origin a bundle file
/// is never served as active content, but redirected to the bundle origin (or, without one, sandboxed).
/// </summary>
internal sealed class BundleOriginGate(RequestDelegate next, TrellisUrls urls)
{
    /// <summary>The route name of the bundle file endpoint.</summary>
    public const string BundleFileEndpoint = "BundleFile";

    /// <summary>
    /// The endpoints a bundle page may reach on its own origin, by route name: its files, the Octane style sheet and
    /// identity keys, the app SDK, the platform reads, and the workspace's entity collections, metadata reads and attachments.
    /// Action settings are not here: apps reach them through <c>postMessage</c> to the host, never directly.
    /// </summary>
    public static readonly FrozenSet<string> AllowedEndpoints = new[]
    {
        BundleFileEndpoint, "OctaneStyleSheet", AppSdkFiles.ModuleEndpoint, AppSdkFiles.TypesEndpoint, "IdentityTokenKey", "IdentityTokenJwks",
        "CurrentUser", "ListSharedSpaces", "GetSharedSpace", "ListWorkspaces", "GetWorkspace",
        "EntitiesMetadata", "FieldsMetadata",
        "ListEntities", "GroupEntities", "GetEntity", "CreateEntities", "UpdateEntities", "UpdateEntity", "DeleteEntitiesByQuery", "DeleteEntity",
        "CreateAttachment", "GetAttachment", "DownloadAttachment",
    }.ToFrozenSet(StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext http)
    {
        var name = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (urls.IsBundleRequest(http))
        {
            if (name is not null && AllowedEndpoints.Contains(name))
            {
                return next(http);
            }

            // The path's own error shape (Octane JSON under /api, problem details elsewhere) is added by the status pages.
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (name == BundleFileEndpoint && urls.BundleBaseUrl(urls.OctaneUrl(http.Request)) is { } bundles)
        {
            // Old links keep working; the page then runs on the bundle origin.
            var target = bundles + http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
            http.Response.Redirect(target, permanent: false, preserveMethod: true);
            return Task.CompletedTask;
        }

        return next(http);
    }
}

/// <summary>Puts the bundle origin gate in the pipeline.</summary>
internal static class BundleOriginGateExtensions
{
    /// <summary>Must run after routing (it reads the endpoint) and after the status pages (its 404 gets the path's error body).</summary>
    public static IApplicationBuilder UseBundleOriginGate(this IApplicationBuilder app) => app.UseMiddleware<BundleOriginGate>();
}
