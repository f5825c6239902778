using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Trellis.Data;
using Trellis.Server.Features.Audit;
using Trellis.Server.Features.Auth;
using Trellis.Server.Features.Platform;
using Trellis.Server.Features.Access;

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

    private static async Task<Ok<ParametersResponse>> ListAsync(SiteParameterStore store, CancellationToken cancellationToken)
    {
        var parameters = await store.DescribeAsync(cancellationToken);
        return TypedResults.Ok(new ParametersResponse([.. parameters.Select(ParameterResponse.From)]));
    }

    private static async Task<Results<Ok<ParameterResponse>, ProblemHttpResult, ValidationProblem>> SetAsync(
        string name, SetParameterRequest? body, HttpContext http, SiteParameterStore store, TrellisDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!SiteParameterNames.Defaults.ContainsKey(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no site parameter named {name}.");
        }

        var (value, error) = body?.Value is { } text ? SiteParameterValidator.Validate(name, text) : (null, "The body must be {\"value\":\"…\"}.");
        if (value is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["value"] = [error!] }, title: $"The value of {name} is not valid.");
        }

        var user = CurrentUser.From(http.User);
        await store.SetAsync(name, value, user.Id, cancellationToken);
        AuditLog.Add(db, time, user.Id, "site_parameter.set", name, details: System.Text.Json.JsonSerializer.Serialize(new { value }));
        await db.SaveChangesAsync(cancellationToken);
        var info = (await store.DescribeAsync(cancellationToken)).Single(p => p.Name == name);
        return TypedResults.Ok(ParameterResponse.From(info));
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
