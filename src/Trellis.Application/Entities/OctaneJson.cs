using System.Globalization;
using System.Text.Json.Nodes;

namespace Trellis.Application.Entities;

/// <summary>The value formats of docs/reference/rest.md#conventions, docs/reference/rest.md#responses-and-writes: ids as strings, dates as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal static class OctaneJson
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset value) => value.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>An id from a JSON value: a number, or a string of digits.</summary>
    public static bool TryGetId(JsonNode? node, out long id)
    {
        id = 0;
        return node is JsonValue value
            && ((value.TryGetValue<long>(out id) && id > 0)
                || (value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0)
                || (value.TryGetValue<double>(out var real) && real == Math.Floor(real) && real is > 0 and < long.MaxValue && (id = (long)real) > 0));
    }

    /// <summary>The ids stored for a reference field: one number, or an array of numbers.</summary>
    public static IEnumerable<long> StoredIds(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => TryGetId(n, out var id) ? id : 0).Where(id => id > 0),
        JsonValue when TryGetId(node, out var id) => [id],
        _ => [],
    };

    /// <summary>A multi-reference value: <c>{"total_count","data"}</c>, as the C# SDK recognises it.</summary>
    public static JsonObject MultiReference(IEnumerable<JsonNode?> items)
    {
        var data = new JsonArray([.. items]);
        return new JsonObject { ["total_count"] = data.Count, ["data"] = data };
    }

    /// <summary>A collection: <c>{"total_count","data","exceeds_total_count"}</c>.</summary>
    public static JsonObject Collection(int totalCount, IEnumerable<JsonNode?> items) =>
        new() { ["total_count"] = totalCount, ["data"] = new JsonArray([.. items]), ["exceeds_total_count"] = false };
}
