using System.Globalization;
using System.Text.Json.Nodes;
using Trellis.Application.Errors;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>
/// A release created with a <c>sprint_duration</c> (days) gets its sprints, as Octane makes them: back to back from
/// the release's start date, each ending the day before the next starts, the last cut at the release's end date;
/// the release's <c>num_of_sprints</c> says how many.
/// </summary>
internal static class ReleaseSprints
{
    /// <summary>The most sprints one release gets; more is a mistake in the dates or the duration.</summary>
    public const int MaxSprints = 500;

    /// <summary>
    /// The days of each sprint of a new entity: none unless it is a release with a <c>sprint_duration</c>, or an error
    /// for a duration or dates that give none or too many.
    /// </summary>
    public static (List<(DateTimeOffset Start, DateTimeOffset End)>? Sprints, OctaneError? Error) Plan(EntityRecord? created)
    {
        var fields = created is { Type: "release" } release ? JsonNode.Parse(release.Fields) as JsonObject ?? [] : [];
        if (fields["sprint_duration"] is not JsonValue durationValue)
        {
            return ([], null);
        }

        if (!durationValue.TryGetValue<long>(out var duration) || duration is < 1 or > 365)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "sprint_duration is a number of days from 1 to 365."));
        }

        if (!TryDate(fields["start_date"], out var start) || !TryDate(fields["end_date"], out var end) || end < start)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "A release with a sprint_duration needs a start_date and an end_date on or after it."));
        }

        var sprints = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var sprintStart = start; sprintStart <= end; sprintStart = sprintStart.AddDays(duration))
        {
            if (sprints.Count == MaxSprints)
            {
                return (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"These dates and sprint_duration would make more than {MaxSprints} sprints."));
            }

            var sprintEnd = sprintStart.AddDays(duration - 1);
            sprints.Add((sprintStart, sprintEnd < end ? sprintEnd : end));
        }

        return (sprints, null);
    }

    /// <summary>
    /// Takes <c>num_of_sprints</c> out of a release's create input. Clients may send it (the C# SDK's <c>Release</c> has
    /// it), but the count is the sprints the dates and <c>sprint_duration</c> make, so it is accepted only when it
    /// agrees with them (<see cref="Agrees"/>); any other entity type keeps it as input.
    /// </summary>
    public static (long? Count, OctaneError? Error) TakeCount(EntitySchema schema, JsonObject item)
    {
        if (schema.Name != "release" || !item.Remove("num_of_sprints", out var node))
        {
            return (null, null);
        }

        return node is JsonValue value && value.TryGetValue<long>(out var count) && count >= 0
            ? (count, null)
            : (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "num_of_sprints is a whole number of sprints, 0 or more."));
    }

    /// <summary>Whether a <c>num_of_sprints</c> a client sent matches the sprints planned; an error naming the right count otherwise.</summary>
    public static OctaneError? Agrees(long? count, List<(DateTimeOffset Start, DateTimeOffset End)> sprints) =>
        count is { } given && given != sprints.Count
            ? OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue,
                $"num_of_sprints is {sprints.Count.ToString(CultureInfo.InvariantCulture)} for these dates and sprint_duration (it counts the sprints they make), not {given.ToString(CultureInfo.InvariantCulture)}.")
            : null;

    /// <summary>The sprint rows of a saved release (named Sprint 1, Sprint 2…), and its <c>num_of_sprints</c> set.</summary>
    public static List<EntityRecord> Create(EntityRecord release, List<(DateTimeOffset Start, DateTimeOffset End)> days, TypeDefinition sprintType, DateTimeOffset now)
    {
        var fields = JsonNode.Parse(release.Fields) as JsonObject ?? [];
        fields["num_of_sprints"] = days.Count;
        release.Fields = fields.ToJsonString();
        return [.. days.Select((d, i) => EntityRecords.New(release.WorkspaceId, sprintType, $"Sprint {(i + 1).ToString(CultureInfo.InvariantCulture)}",
            new JsonObject { ["release"] = release.Id, ["start_date"] = OctaneJson.Date(d.Start), ["end_date"] = OctaneJson.Date(d.End) }, now))];
    }

    private static bool TryDate(JsonNode? node, out DateTimeOffset date)
    {
        date = default;
        return node is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
    }
}
