using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Trellis.Server.Features.SiteParameters;

/// <summary>The site admin's view and overrides of the site parameters (docs/reference/site-parameters.md#parameters); problem details on errors.</summary>
internal static class SiteParametersApi
{
    public static IEndpointRouteBuilder MapSiteParameters(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/params").RequireSiteAdmin().WithTags("Site parameters").WithTrellisApi();
        group.MapGet("", ListAsync).WithName("ListSiteParameters");
        group.MapPut("/{name}", SetAsync).WithName("SetSiteParameter");
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext http, [FromServices] SiteParameterEditor editor, CancellationToken cancellationToken)
    {
        var access = await editor.ListAsync(CurrentUser.From(http.User), cancellationToken);
        return access.Scope is { } parameters
            ? TypedResults.Ok(new ParametersResponse([.. parameters.Select(ParameterResponse.From)]))
            : AccessFilters.Answer(http, access.Refusal!);
    }

    private static async Task<IResult> SetAsync(
        string name, SetParameterRequest? body, HttpContext http, [FromServices] SiteParameterEditor editor, CancellationToken cancellationToken)
    {
        var change = await editor.SetAsync(CurrentUser.From(http.User), name, body?.Value, cancellationToken);
        return change switch
        {
            { Stored: { } info } => TypedResults.Ok(ParameterResponse.From(info)),
            { Refusal: { } refusal } => AccessFilters.Answer(http, refusal),
            { Unknown: true } => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: change.Error),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["value"] = [change.Error!] }, title: $"The value of {name} is not valid."),
        };
    }

    internal sealed record SetParameterRequest([property: JsonPropertyName("value")] string? Value);

    internal sealed record ParametersResponse([property: JsonPropertyName("data")] IReadOnlyList<ParameterResponse> Data);

    internal sealed record ParameterResponse(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("value")] string Value,
        [property: JsonPropertyName("default")] string Default,
        [property: JsonPropertyName("source")] string Source)
    {
        public static ParameterResponse From(SiteParameterInfo info) => new(info.Name, info.Value, info.Default, info.Source);
    }
}
