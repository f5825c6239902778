using System.Globalization;

namespace Trellis.Actions.Launch;

/// <summary>
/// The words for each reason code of docs/reference/launches.md#availability, in one place: one sentence for the people who write actions
/// (what in the configuration causes it) and one for the people who use them (what to do about it).
/// </summary>
public static class LaunchReasonText
{
    /// <summary>What a reason means in configuration terms, for authors (editor preview, <c>trellis preview</c>).</summary>
    /// <param name="reason">A <see cref="LaunchReasons"/> code, or <see langword="null"/> when the action can launch.</param>
    /// <returns>A sentence without a final period, starting in lower case; empty for <see langword="null"/>.</returns>
    public static string ForAuthor(string? reason) => reason switch
    {
        null => "",
        LaunchReasons.Workspace => "the action does not apply in this workspace (workspaces / exclude_workspaces)",
        LaunchReasons.View => "the action is not configured for this view (views)",
        LaunchReasons.Module => "the side panel is not configured for this module (mode.modules)",
        LaunchReasons.EntityType => "the action does not apply to this entity type (entity_type)",
        LaunchReasons.Selection => "the selection does not satisfy the action (every entity must match; single-entity actions need exactly one)",
        LaunchReasons.Protocol => "the URL's scheme is not allowed by ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS",
        LaunchReasons.BundleDisabled => "the URL uses {bundle_url} while bundles are disabled",
        _ => $"the action cannot be launched ({reason})",
    };

    /// <summary>Why a toolbar button or an Aviator chip is disabled, for the person looking at it (its tooltip).</summary>
    /// <param name="plan">The disabled plan.</param>
    /// <param name="allowedTypes">The action's entity types as people read them (<c>Defect, Story</c>).</param>
    /// <returns>One sentence ending with a period.</returns>
    public static string ForPerson(LaunchPlan plan, string allowedTypes) => plan.Reason switch
    {
        LaunchReasons.Selection when plan.SingleEntity && plan.SelectedCount == 0 => "Select one item to use this action.",
        LaunchReasons.Selection when plan.SingleEntity =>
            $"This action works on exactly one item; {plan.SelectedCount.ToString(CultureInfo.InvariantCulture)} are selected.",
        LaunchReasons.Selection => $"This action applies only to {allowedTypes} items; the selection holds others.",
        LaunchReasons.Protocol => "The site's protocol policy does not allow this action's link.",
        LaunchReasons.BundleDisabled => "Bundles are turned off on this site.",
        _ => "This action is not available here.",
    };
}
