using System.Globalization;
using System.Text.Json.Serialization;
using Trellis.Server.Features.Access;
using Trellis.Server.Features.Platform;

namespace Trellis.Server.Features.ExternalActions.Messages;

/// <summary>
/// The message inspector for tooling (Trellis-only, problem-details errors): what apps posted to the host on this
/// node, per launch, accepted or rejected and why. Space admins only.
/// </summary>
internal static class LaunchMessagesApi
{
    public static IEndpointRouteBuilder MapLaunchMessages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/shared_spaces/{sharedSpaceId:long}/launch-messages").RequireSpace(SpaceTier.Admin).WithTags("ExternalActions").WithTrellisApi();
        group.MapGet("", List).WithName("ListLaunchMessages")
            .WithSummary("The messages apps posted to launches in the shared space, grouped per launch; filters: action, launch, accepted.");
        return routes;
    }

    private static IResult List(long sharedSpaceId, string? action, string? launch, string? accepted, LaunchMessageLog log)
    {
        if (accepted is { Length: > 0 } && accepted is not ("true" or "false"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["accepted"] = ["accepted must be true or false."] }, title: "The filter is not valid.");
        }

        bool? acceptedFilter = accepted is { Length: > 0 } ? accepted == "true" : null;

        var groups = log.ByLaunch(sharedSpaceId, new LaunchMessageFilter(action, launch, acceptedFilter));
        return TypedResults.Ok(new LaunchMessagesResponse(groups.Count, [.. groups.Select(LaunchResponse.From)]));
    }

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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
        [property: JsonPropertyName("messages")] IReadOnlyList<MessageResponse> Messages)
    {
        public static LaunchResponse From(LaunchMessageGroup group) => new(
            group.LaunchId, group.Action, group.Workspace.ToString(CultureInfo.InvariantCulture), Time(group.First), Time(group.Last),
            group.AcceptedCount, group.RejectedCount, [.. group.Messages.Select(MessageResponse.From)]);
    }

    internal sealed record MessageResponse(
        [property: JsonPropertyName("at")] string At,
        [property: JsonPropertyName("event_name")] string? EventName,
        [property: JsonPropertyName("accepted")] bool Accepted,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("explanation")] string? Explanation,
        [property: JsonPropertyName("origin")] string Origin,
        [property: JsonPropertyName("data")] string Data)
    {
        public static MessageResponse From(LaunchMessageEntry entry) =>
            new(Time(entry.At), entry.EventName, entry.Accepted, entry.Reason, entry.Explanation, entry.Origin, entry.Data);
    }
}
