using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Trellis.Actions.Configuration;

/// <summary>
/// The JSON Schema (draft 2020-12) of the action JSON, for editors such as Monaco (completion and hover) and for
/// other tools. It agrees with <see cref="ActionConfigParser"/> on everything a schema can express; the rest
/// (names unique ignoring case, the site's protocol list, duplicate keys, URL token warnings) only the parser checks.
/// </summary>
public static class ActionConfigSchema
{
    private const string ResourceName = "Trellis.Actions.Configuration.action-configuration.schema.json";

    private static readonly Lazy<string> s_text = new(ReadResource);
    private static readonly Lazy<string> s_bundle = new(CreateBundleSchema);

    /// <summary>Gets the schema of the editor format: an array of actions, with the single action under <c>$defs/action</c>.</summary>
    public static string Text => s_text.Value;

    /// <summary>The schema of one container.</summary>
    /// <param name="format">The editor format (an array) or the bundle format (one object).</param>
    /// <returns>The schema text; both share the same <c>$defs</c>.</returns>
    public static string ForFormat(ConfigFormat format) => format == ConfigFormat.Bundle ? s_bundle.Value : s_text.Value;

    private static string ReadResource()
    {
        using var stream = typeof(ActionConfigSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // The bundle's action-configuration.json is one action: the same $defs, with the action at the root.
    private static string CreateBundleSchema()
    {
        var root = JsonNode.Parse(Text)!.AsObject();
        root.Remove("type");
        root.Remove("maxItems");
        root.Remove("items");
        root["$id"] = "urn:trellis:schema:action-configuration:bundle";
        root["title"] = "Bundle action configuration";
        root["description"] = "The action-configuration.json at the root of a bundle zip: exactly one action object, never an array.";
        root["$ref"] = "#/$defs/action";
        // Served as JSON, never inside HTML, so quotes and '<' need no escaping.
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
