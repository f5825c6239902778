using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Trellis.Circuits.Load;

/// <summary>
/// What a prerendered Blazor page hands its circuit: the server component markers (<c>&lt;!--Blazor:{…}--&gt;</c>, the
/// start markers with <c>"type":"server"</c>) and the protected application state
/// (<c>&lt;!--Blazor-Server-Component-State:…--&gt;</c>), as <c>blazor.web.js</c> reads them from the document.
/// </summary>
internal sealed partial record PrerenderedPage(IReadOnlyList<JsonObject> Markers, string ApplicationState)
{
    /// <summary>Reads the markers and state from the page's HTML; a page without a server component is an error naming it.</summary>
    public static PrerenderedPage Parse(string html, string where)
    {
        ArgumentNullException.ThrowIfNull(html);
        var markers = new List<JsonObject>();
        foreach (Match match in Marker().Matches(html))
        {
            if (JsonNode.Parse(match.Groups[1].Value) is JsonObject marker && (string?)marker["type"] == "server")
            {
                markers.Add(marker);
            }
        }

        if (markers.Count == 0)
        {
            throw new InvalidDataException($"{where} has no server component marker: is the page interactive, and is the user signed in?");
        }

        var state = State().Match(html);
        return new PrerenderedPage(markers, state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>
    /// The <c>UpdateRootComponents</c> operations that add every marker as a root component, numbered from 1 as
    /// <c>blazor.web.js</c> numbers them.
    /// </summary>
    public string AddOperations(long batchId)
    {
        var operations = new JsonArray();
        for (var index = 0; index < Markers.Count; index++)
        {
            var marker = (JsonObject)Markers[index].DeepClone();
            marker["uniqueId"] = index;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = index + 1, ["marker"] = marker });
        }

        return new JsonObject { ["batchId"] = batchId, ["operations"] = operations }.ToJsonString();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([^\s>]*?)-->")]
    private static partial Regex State();
}
