using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Trellis.Cli.Remote;

/// <summary>
/// The file <c>trellis pull</c> writes and <c>trellis push</c> reads: <c>{"version": N, "data": [actions]}</c>, a list
/// envelope that <c>PUT</c> and <c>trellis validate</c> accept as they are. A bare array (no version) is read too.
/// </summary>
internal static class ConfigFile
{
    private static readonly JsonSerializerOptions s_write = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The file's text for a version and its actions; the server's <c>bundle_guid</c> annotations are left out.</summary>
    public static byte[] Render(int version, JsonArray data)
    {
        var file = new JsonObject { ["version"] = version, ["data"] = Actions(data) };
        return Encoding.UTF8.GetBytes(file.ToJsonString(s_write) + "\n");
    }

    /// <summary>The actions of a configuration as the server stores them: without the <c>bundle_guid</c> it adds when reading.</summary>
    public static JsonArray Actions(JsonNode? data)
    {
        var copy = data?.DeepClone() as JsonArray ?? [];
        foreach (var action in copy.OfType<JsonObject>())
        {
            action.Remove("bundle_guid");
        }

        return copy;
    }

    /// <summary>Reads the version a file was pulled at and its actions, or why it cannot.</summary>
    public static (int? Version, JsonArray? Data, string? Problem) Read(byte[] bytes)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return (null, null, $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}");
        }

        switch (root)
        {
            case JsonArray array:
                return (null, Actions(array), null);
            case JsonObject { } envelope when envelope["data"] is JsonArray data:
                var version = envelope["version"];
                if (version is null)
                {
                    return (null, Actions(data), null);
                }

                return version is JsonValue value && value.TryGetValue<int>(out var number) && number >= 0
                    ? (number, Actions(data), null)
                    : (null, null, $"'version' must be a whole number, not {version.ToJsonString()}");
            default:
                return (null, null, "the file must be an array of actions or {\"version\": N, \"data\": [...]}");
        }
    }

    /// <summary>Writes a file whole, or leaves the old one: the new text goes to a sibling first and replaces it.</summary>
    public static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..8] + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }
}
