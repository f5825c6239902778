using System.Text.Json.Serialization;
using Trellis.Actions.Launch;

namespace Trellis.Application.ExternalActions;

/// <summary>A launch request from the host: the view, the selection and the module's context.</summary>
internal sealed record LaunchRequest(
    [property: JsonPropertyName("view")] string? View,
    [property: JsonPropertyName("module")] string? Module,
    [property: JsonPropertyName("entity_type")] string? EntityType,
    [property: JsonPropertyName("entity_ids")] List<string>? EntityIds,
    [property: JsonPropertyName("all_selected")] bool AllSelected,
    [property: JsonPropertyName("total_count")] long? TotalCount,
    [property: JsonPropertyName("query")] string? Query,
    [property: JsonPropertyName("context_release")] string? ContextRelease,
    [property: JsonPropertyName("context_sprint")] string? ContextSprint,
    [property: JsonPropertyName("context_milestone")] string? ContextMilestone,
    [property: JsonPropertyName("context_program")] string? ContextProgram,
    [property: JsonPropertyName("context_pipeline")] string? ContextPipeline,
    [property: JsonPropertyName("context_pipeline_run")] string? ContextPipelineRun);

/// <summary>What the host needs to open a launch and to trust its messages.</summary>
internal sealed record LaunchTicket(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("visible")] bool Visible,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("dialog")] string? Dialog,
    [property: JsonPropertyName("dialog_id")] string? DialogId,
    [property: JsonPropertyName("panel_id")] string? PanelId,
    [property: JsonPropertyName("events_allowed")] bool EventsAllowed,
    [property: JsonPropertyName("dialog_control_allowed")] bool DialogControlAllowed,
    [property: JsonPropertyName("app_origin")] string? AppOrigin,
    [property: JsonPropertyName("noopener")] bool NoOpener,
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("title")] string Title)
{
    /// <summary>Gets the base URL of the caller's own development override this launch went to; absent without one.</summary>
    [JsonPropertyName("dev_override")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DevOverride { get; init; }

    public static LaunchTicket From(LaunchPlan plan) => new(
        plan.CanLaunch,
        plan.IsVisible,
        plan.Reason,
        plan.Url,
        plan.Mode switch
        {
            LaunchMode.ProtocolHandler => "protocol_handler",
            LaunchMode.Dialog => "dialog",
            LaunchMode.SidePanel => "side_panel",
            LaunchMode.AviatorChat => "aviator_chat",
            _ => "tab",
        },
        plan.DialogSize is { } size ? size.ToString().ToLowerInvariant() : null,
        plan.DialogId,
        plan.PanelId,
        plan.EventsAllowed,
        plan.DialogControlAllowed,
        plan.AppOrigin,
        plan.NoOpener,
        plan.Prompt,
        plan.Action.Title);
}
