using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using MudBlazor.Services;
using Trellis.Application.ExternalActions.Editor;
using Trellis.Application.Workspaces;
using Trellis.Web;

namespace Trellis.Server.WebUi;

/// <summary>Registers and maps the Blazor web UI (docs/reference/interfaces.md#web-ui-names).</summary>
internal static class WebUiExtensions
{
    /// <summary>ASP.NET Core's switch for the development fallback of <c>MapStaticAssets</c>.</summary>
    private const string NoUnlistedAssetsKey = "DisableStaticAssetNotFoundRuntimeFallback";

    public static IServiceCollection AddTrellisWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Pages read the signed-in user from the session cookie the circuit was opened with.
        services.AddCascadingAuthenticationState();
        // A page that shows "Not found" (a refusal of the access gate, an item or module that is not there) answers its
        // server-rendered first response 404.
        services.AddHttpContextAccessor();
        services.AddMudServices();
        // The theme's variables, built once per node and linked by every page instead of held by every circuit.
        services.AddSingleton<ThemeStyleSheet>();
        // Launches and the messages between their apps and the host, for the message inspector, kept for a retention period.
        services.AddOptions<MessageLogOptions>().BindConfiguration(MessageLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LaunchMessageLog>();
        // Open inspectors hear of new rows from this node and, on PostgreSQL, from the others (docs/ui.md#message-inspector).
        services.AddSingleton<LaunchLogFeed>();
        services.AddHostedService<MessageLogCleanup>();
        // The workspace pages read and write entities through the entity feature's own code.
        services.AddSingleton<WorkspaceData>();
        // The External Action Editor's reads and writes, one per circuit.
        services.AddScoped<ActionEditorService>();
        return services;
    }

    public static WebApplication MapTrellisWebUi(this WebApplication app)
    {
        // nosniff, the referrer policy and the pages' Content-Security-Policy (its frame-src from the next step).
        app.UseUiSecurityHeaders();
        // Pages may frame only this server and the configured actions' origins.
        app.UseFrameSourcePolicy();
        // Every asset is in the build's manifest. Without this, a build (not published) output adds a catch-all `{**path:file}`
        // route whose constraint stats the disk on every request, the API's included, and serves any unlisted web root file.
        app.Configuration[NoUnlistedAssetsKey] = "true";
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // The theme's stylesheet: a page asset like the sign-out form, so outside the API's OpenAPI document (which lists /api and /admin).
        app.MapGet(ThemeStyleSheet.Path, (HttpContext http, [FromServices] ThemeStyleSheet theme) => theme.ServeAsync(http))
            .AllowAnonymous().WithName("ThemeStyleSheet").ExcludeFromDescription();
        // The user menu's sign-out: a form post (antiforgery-checked), then the sign-in page.
        app.MapPost(UiPaths.SignOutEndpoint, async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] SessionSignIn sessions) =>
        {
            // A forged or stale form ends nothing: the person is sent back to where sign-out is offered.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out form is stale or forged; sign out from the user menu.");
            }

            await sessions.EndAsync(http, http.RequestAborted);
            return Results.Redirect(http.Request.PathBase + UiPaths.SignInPage);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
