using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Trellis.Actions.Configuration;
using Trellis.Actions.Launch;

namespace Trellis.Cli.Commands;

/// <summary>Reads the context file of <c>trellis preview</c> (docs/reference/interfaces.md#command-line) into a <see cref="LaunchContext"/>.</summary>
internal static class PreviewContext
{
    /// <summary>Reads a context document.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="context">The launch context, when the file is well formed.</param>
    /// <param name="problem">What is wrong and where, when it is not.</param>
    /// <returns><see langword="true"/> when <paramref name="context"/> was read.</returns>
    public static bool TryRead(byte[] utf8, out LaunchContext? context, out string? problem)
    {
        context = null;
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the context must be a JSON object";
                return false;
            }

            context = new LaunchContext
            {
                OctaneUrl = (Text(root, "octane_url") ?? "http://localhost:5080").TrimEnd('/'),
                SharedSpace = Id(root, "shared_space") ?? 1001,
                Workspace = Id(root, "workspace") ?? 1002,
                UserLogin = root.TryGetProperty("user", out var user) ? Text(user, "login") : null,
                UserEmail = root.TryGetProperty("user", out user) ? Text(user, "email") : null,
                View = Text(root, "view") switch
                {
                    null or "list" => ActionViews.List,
                    "details" => ActionViews.Details,
                    var other => throw new FormatException($"'view' must be \"list\" or \"details\", not \"{other}\""),
                },
                Module = Text(root, "module"),
                EntityType = Text(root, "entity_type") ?? throw new FormatException("'entity_type' is required"),
                Entities = Entities(root),
                AllSelected = root.TryGetProperty("all_selected", out var all) && all.ValueKind == JsonValueKind.True,
                TotalCount = Id(root, "total_count"),
                Query = Text(root, "query"),
                ContextRelease = Text(root, "context_release"),
                ContextSprint = Text(root, "context_sprint"),
                ContextMilestone = Text(root, "context_milestone"),
                ContextProgram = Text(root, "context_program"),
                ContextPipeline = Text(root, "context_pipeline"),
                ContextPipelineRun = Text(root, "context_pipeline_run"),
                DialogId = Text(root, "dialog_id"),
                PanelId = Text(root, "panel_id"),
                XsrfToken = Text(root, "xsrf_token"),
            };
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}";
            return false;
        }
        catch (FormatException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    private static ImmutableArray<SelectedEntity> Entities(JsonElement root)
    {
        if (!root.TryGetProperty("entities", out var entities) || entities.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (entities.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'entities' must be an array of objects");
        }

        return [.. entities.EnumerateArray().Select((entity, i) => entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty("id", out _)
            ? SelectedEntity.FromJson(entity)
            : throw new FormatException($"'entities/{i}' must be an object with an 'id'"))];
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw new FormatException($"'{name}' must be a string"),
            }
            : null;

    private static long? Id(JsonElement element, string name) =>
        Text(element, name) is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new FormatException($"'{name}' must be a positive integer")
            : null;
}
