using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Trellis.Server.Features.Audit;

/// <summary>
/// The audit log for tooling (Trellis-only, problem-details errors, docs/administration.md#audit-log): site admins read
/// every line, a shared space's admins the lines of their space. Newest first, paged, filtered.
/// </summary>
internal static class AuditApi
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services) => services.AddSingleton<AuditReader>();

    public static IEndpointRouteBuilder MapAuditLog(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/audit", SiteAsync).RequireSiteAdmin().WithName("ListAuditLog").WithTags("Audit").WithTrellisApi()
            .WithSummary("Every audit line, newest first; filters: action, entity_type, user, from, to; paging: offset, limit.");
        routes.MapGet("/admin/shared_spaces/{sharedSpaceId:long}/audit", SpaceAsync).RequireSpace(SpaceTier.Admin).WithName("ListSpaceAuditLog")
            .WithTags("Audit").WithTrellisApi()
            .WithSummary("The shared space's audit lines, newest first; filters: action, entity_type, user, from, to; paging: offset, limit.");
        return routes;
    }

    private static async Task<IResult> SiteAsync(
        HttpContext http, [FromServices] AuditReader reader, string? action, string? entity_type, string? user, string? from, string? to, string? offset, string? limit,
        CancellationToken cancellationToken)
    {
        if (Parse(action, entity_type, user, from, to, offset, limit) is not ({ } filter, var skip, var take))
        {
            return Invalid(from, to, offset, limit);
        }

        var access = await reader.SiteAsync(CurrentUser.From(http.User), filter, skip, take, cancellationToken);
        return access.Scope is { } page ? TypedResults.Ok(AuditResponse.From(page)) : AccessFilters.Answer(http, access.Refusal!);
    }

    private static async Task<IResult> SpaceAsync(
        HttpContext http, [FromServices] AuditReader reader, string? action, string? entity_type, string? user, string? from, string? to, string? offset, string? limit,
        CancellationToken cancellationToken)
    {
        if (Parse(action, entity_type, user, from, to, offset, limit) is not ({ } filter, var skip, var take))
        {
            return Invalid(from, to, offset, limit);
        }

        var access = await reader.SpaceAsync(SpaceScope.Get(http), filter, skip, take, cancellationToken);
        return access.Scope is { } page ? TypedResults.Ok(AuditResponse.From(page)) : AccessFilters.Answer(http, access.Refusal!);
    }

    /// <summary>The filter and paging, or nothing when a time or a number is not one.</summary>
    private static (AuditFilter? Filter, int Offset, int Limit) Parse(string? action, string? entityType, string? user, string? from, string? to, string? offset, string? limit)
    {
        if (TimeError("from", from) is not null || TimeError("to", to) is not null || NumberError("offset", offset, 0, int.MaxValue) is not null
            || NumberError("limit", limit, 1, AuditReader.MaxPageSize) is not null)
        {
            return (null, 0, 0);
        }

        return (new AuditFilter(action?.Trim(), entityType?.Trim(), user?.Trim(), IsoTime.Parse(from), IsoTime.Parse(to)),
            offset is { Length: > 0 } ? int.Parse(offset, CultureInfo.InvariantCulture) : 0,
            limit is { Length: > 0 } ? int.Parse(limit, CultureInfo.InvariantCulture) : 50);
    }

    private static IResult Invalid(string? from, string? to, string? offset, string? limit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, error) in new[] { ("from", TimeError("from", from)), ("to", TimeError("to", to)),
            ("offset", NumberError("offset", offset, 0, int.MaxValue)), ("limit", NumberError("limit", limit, 1, AuditReader.MaxPageSize)) })
        {
            if (error is not null)
            {
                errors[name] = [error];
            }
        }

        return TypedResults.ValidationProblem(errors, title: "The audit filter is not valid.");
    }


    private static string? TimeError(string name, string? text) =>
        text is { Length: > 0 } && IsoTime.Parse(text) is null ? $"{name} must be an ISO 8601 time such as 2026-01-15T09:30:00Z." : null;

    private static string? NumberError(string name, string? text, int min, int max) =>
        text is not { Length: > 0 } || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            ? null
            : $"{name} must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.";


    internal sealed record AuditResponse(
        [property: JsonPropertyName("total_count")] int TotalCount,
        [property: JsonPropertyName("data")] IReadOnlyList<LineResponse> Data)
    {
        public static AuditResponse From(AuditPage page) => new(page.TotalCount, [.. page.Lines.Select(LineResponse.From)]);
    }

    internal sealed record LineResponse(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("at")] string At,
        [property: JsonPropertyName("user")] string? User,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("target")] string? Target,
        [property: JsonPropertyName("shared_space_id")] string? SharedSpaceId,
        [property: JsonPropertyName("workspace_id")] string? WorkspaceId,
        [property: JsonPropertyName("details")] string? Details)
    {
        public static LineResponse From(AuditLine line) => new(
            line.Id.ToString(CultureInfo.InvariantCulture), IsoTime.Format(line.At), line.UserLogin, line.Action, line.Target,
            line.SharedSpaceId?.ToString(CultureInfo.InvariantCulture), line.WorkspaceId?.ToString(CultureInfo.InvariantCulture), line.Details);
    }
}
