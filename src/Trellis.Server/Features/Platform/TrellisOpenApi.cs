using System.Runtime.CompilerServices;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Trellis.Server.Features.Platform;

/// <summary>
/// The OpenAPI document of the endpoints Trellis adds to Octane's surface (launches, history and restore, panel
/// settings, site parameters, API keys, bundle administration, JWKS), at <c>/openapi/trellis.json</c>. The
/// Octane-compatible endpoints are left out on purpose: Octane's own documentation and SDKs describe them.
/// </summary>
internal static class TrellisOpenApi
{
    public const string DocumentName = "trellis";

    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    /// <summary>Puts an endpoint, or every endpoint of a group, into the Trellis document.</summary>
    public static TBuilder WithTrellisApi<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithGroupName(DocumentName);

    public static IServiceCollection AddTrellisOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            // Only what was marked: an endpoint nobody marked stays out rather than leaking an Octane path in.
            options.ShouldInclude = description => description.GroupName == DocumentName;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Trellis",
                    Version = "v1",
                    Description = "The endpoints Trellis adds beside the Octane-compatible REST API. Sign in at POST /authentication/sign_in "
                        + "(cookie LWSSO_COOKIE_KEY); errors under /api use Octane's error JSON, under /admin RFC 9457 problem details.",
                };
                return Task.CompletedTask;
            });
        });

    /// <summary>Serves the document (anonymous: it describes shapes, never data) and, in Development, the Scalar page.</summary>
    public static WebApplication MapTrellisOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            MapScalar(app);
        }

        return app;
    }

    // Not inlined, so that a production node never loads the Scalar assembly.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapScalar(WebApplication app) =>
        app.MapScalarApiReference("/scalar", options => options.AddDocument(DocumentName)).AllowAnonymous();
}
