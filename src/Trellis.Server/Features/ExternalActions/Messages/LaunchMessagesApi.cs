using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Trellis.Server.Features.ExternalActions.Messages;

/// <summary>
/// The message inspector for tooling (Trellis-only, problem-details errors): per launch, who launched it from where and
/// what it opened, what the app posted (accepted or rejected and why) and what the host sent back. Space admins only.
/// </summary>
internal static class LaunchMessagesApi
{
    public static IEndpointRouteBuilder MapLaunchMessages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/shared_spaces/{sharedSpaceId:long}/launch-messages").RequireSpace(SpaceTier.Admin).WithTags("ExternalActions").WithTrellisApi();
        group.MapGet("", List).WithName("ListLaunchMessages")
            .WithSummary("The launches in the shared space with the messages between their apps and the host, newest launch first; filters: action, launch, accepted.");
        return routes;
    }

    private static async Task<IResult> List(
        long sharedSpaceId, string? action, string? launch, string? accepted, [FromServices] LaunchMessageLog log, CancellationToken cancellationToken)
    {
        if (accepted is { Length: > 0 } && accepted is not ("true" or "false"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["accepted"] = ["accepted must be true or false."] }, title: "The filter is not valid.");
        }

        bool? acceptedFilter = accepted is { Length: > 0 } ? accepted == "true" : null;

        var groups = await log.ByLaunchAsync(sharedSpaceId, new LaunchMessageFilter(action, launch, acceptedFilter), cancellationToken);
        return TypedResults.Ok(new LaunchMessagesResponse(groups.Count, [.. groups.Select(LaunchResponse.From)]));
    }


    internal sealed record LaunchMessagesResponse(
        [property: JsonPropertyName("total_count")] int TotalCount,
        [property: JsonPropertyName("data")] IReadOnlyList<LaunchResponse> Data);

    internal sealed record LaunchResponse(
        [property: JsonPropertyName("launch_id")] string LaunchId,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("workspace")] string Workspace,
        [property: JsonPropertyName("first")] string First,
        [property: JsonPropertyName("last")] string Last,
        [property: JsonPropertyName("accepted_count")] int AcceptedCount,
        [property: JsonPropertyName("rejected_count")] int RejectedCount,
        [property: JsonPropertyName("messages")] IReadOnlyList<MessageResponse> Messages,
        [property: JsonPropertyName("launched_by"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserResponse? LaunchedBy,
        [property: JsonPropertyName("mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode,
        [property: JsonPropertyName("view"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? View,
        [property: JsonPropertyName("module"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Module,
        [property: JsonPropertyName("entity_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EntityType,
        [property: JsonPropertyName("entities"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EntityResponse>? Entities,
        [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
        [property: JsonPropertyName("prompt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prompt)
    {
        public static LaunchResponse From(LaunchMessageGroup group)
        {
            var launch = group.Launch;
            var isPrompt = launch?.Mode == LaunchModes.Prompt;
            return new(
                group.LaunchId, group.Action, group.Workspace.ToString(CultureInfo.InvariantCulture), IsoTime.Format(group.First), IsoTime.Format(group.Last),
                group.AcceptedCount, group.RejectedCount, [.. group.Messages.Select(MessageResponse.From)],
                launch is null ? null : new UserResponse(launch.UserId?.ToString(CultureInfo.InvariantCulture), launch.UserName),
                launch?.Mode, launch?.View, launch?.Module, launch?.EntityType, launch is null ? null : [.. launch.Entities.Select(e => new EntityResponse(e.Type, e.Id))],
                isPrompt ? null : launch?.Target, isPrompt ? launch?.Target : null);
        }
    }

    internal sealed record EntityResponse(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("id")] string Id);

    internal sealed record UserResponse(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("name")] string Name);

    internal sealed record MessageResponse(
        [property: JsonPropertyName("at")] string At,
        [property: JsonPropertyName("direction")] string Direction,
        [property: JsonPropertyName("event_name")] string? EventName,
        [property: JsonPropertyName("accepted")] bool Accepted,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("explanation")] string? Explanation,
        [property: JsonPropertyName("origin")] string Origin,
        [property: JsonPropertyName("data")] string Data)
    {
        public static MessageResponse From(LaunchMessageEntry entry) =>
            new(IsoTime.Format(entry.At), entry.FromHost ? "host_to_app" : "app_to_host", entry.EventName, entry.Accepted, entry.Reason, entry.Explanation, entry.Origin, entry.Data);
    }
}
