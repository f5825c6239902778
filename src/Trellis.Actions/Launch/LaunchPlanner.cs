using System.Runtime.CompilerServices;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Launch;

/// <summary>
/// Decides what an action does in a context (docs/reference/launches.md): the availability checks in order, the selection rules,
/// the URL expansion, the run-time URL check and the launch mode. The server, the host UI and <c>trellis preview</c>
/// all plan through here, so a launch is judged the same way wherever it starts.
/// </summary>
public static class LaunchPlanner
{
    // Definitions are immutable and long-lived in the catalog, so each compiles once.
    private static readonly ConditionalWeakTable<ActionDefinition, UrlTemplate> s_templates = new();

    /// <summary>Plans one action in one context, compiling its URL template once per definition.</summary>
    /// <param name="action">The action.</param>
    /// <param name="context">The view, selection and user.</param>
    /// <param name="policy">The site policy (protocols, bundles, identity tokens).</param>
    /// <param name="tree">The entity-type tree.</param>
    /// <returns>The plan; a hidden or disabled action carries the first failing check's reason.</returns>
    public static LaunchPlan Plan(ActionDefinition action, LaunchContext context, ActionPolicy policy, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(action);
        var template = action.Url is null ? null : s_templates.GetValue(action, static a => UrlTemplate.Compile(a.Url!));
        return Plan(action, template, context, policy, tree);
    }

    /// <summary>Plans one action in one context with a template compiled by the caller.</summary>
    /// <param name="action">The action.</param>
    /// <param name="template">The compiled <c>url</c>, or <see langword="null"/> for a chip with an inline prompt.</param>
    /// <param name="context">The view, selection and user.</param>
    /// <param name="policy">The site policy (protocols, bundles, identity tokens).</param>
    /// <param name="tree">The entity-type tree.</param>
    /// <returns>The plan; a hidden or disabled action carries the first failing check's reason.</returns>
    public static LaunchPlan Plan(ActionDefinition action, UrlTemplate? template, LaunchContext context, ActionPolicy policy, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tree);

        var mode = LaunchTarget.ModeOf(action, template, url: null);
        var plan = new LaunchPlan
        {
            Action = action,
            IsVisible = false,
            IsEnabled = false,
            Mode = mode,
            DialogSize = mode == LaunchMode.Dialog ? action.Dialog : null,
            Template = template,
        };

        // Checks 1-4 (hidden), in the order of docs/reference/launches.md#availability; the first failure decides.
        if (!Applicability.PassesWorkspace(action, context.Workspace))
        {
            return plan with { Reason = LaunchReasons.Workspace };
        }

        if (!Applicability.PassesView(action, context.View))
        {
            return plan with { Reason = LaunchReasons.View };
        }

        if (!Applicability.PassesModule(action, Applicability.EffectiveModule(context.View, context.EntityType, context.Module, tree)))
        {
            return plan with { Reason = LaunchReasons.Module };
        }

        if (!Applicability.PassesEntityType(action, context.View, context.EntityType, tree))
        {
            return plan with { Reason = LaunchReasons.EntityType };
        }

        plan = plan with { IsVisible = true };

        // Check 5 (disabled): buttons and chips only; side panels just drop what does not match.
        var selection = Selection.Of(action, template, context, tree);
        plan = plan with { SelectedCount = selection.Count, SingleEntity = selection.SingleEntity };
        if (action.Kind != ActionKind.SidePanel && !selection.IsValid)
        {
            return plan with { Reason = LaunchReasons.Selection };
        }

        if (template is null)
        {
            // A chip with an inline prompt: nothing to expand or check.
            return plan with { IsEnabled = true, Prompt = action.Prompt, EventsAllowed = false };
        }

        var instanceId = mode switch
        {
            LaunchMode.Dialog => context.DialogId ?? InstanceIds.New(),
            LaunchMode.SidePanel => context.PanelId ?? InstanceIds.New(),
            _ => null,
        };

        // Checks 6-7 run with the identity token left literal: its encoded value cannot change the scheme, and a
        // refused launch then never mints a token.
        var values = Selection.TokenValues(selection, context, tree, instanceId);
        var probe = template.Expand(values);
        var probeUrl = UrlScheme.Normalize(probe.Url);
        if (!RunTimeCheck.Passes(template, probeUrl, mode, policy.Protocols))
        {
            return plan with { Reason = LaunchReasons.Protocol };
        }

        if (template.Uses(TokenKind.BundleUrl) && !policy.BundlesEnabled)
        {
            return plan with { Reason = LaunchReasons.BundleDisabled };
        }

        var expansion = probe;
        var url = probeUrl;
        if (MinterFor(action, context, policy) is { } mint && template.Uses(TokenKind.UserIdentityToken))
        {
            expansion = template.Expand(values with { MintIdentityToken = mint });
            url = UrlScheme.Normalize(expansion.Url);
        }

        mode = LaunchTarget.ModeOf(action, template, url);
        return plan with
        {
            IsEnabled = true,
            Mode = mode,
            Url = url,
            Prompt = null,
            InstanceId = instanceId,
            DialogControlAllowed = mode == LaunchMode.Dialog,
            EventsAllowed = mode switch
            {
                LaunchMode.SidePanel => true,
                LaunchMode.Tab or LaunchMode.Dialog => action.Events,
                _ => false,
            },
            NoOpener = mode == LaunchMode.Tab && !action.Events,
            AppOrigin = mode == LaunchMode.ProtocolHandler ? null : LaunchTarget.OriginOf(url),
            UnresolvedFields = expansion.UnresolvedFields,
        };
    }

    /// <summary>
    /// Follows a selection change under an open side panel (docs/reference/launches.md#fragment-rule): the URL keeps its part before <c>#</c>
    /// from open time and gets a freshly expanded fragment for the new selection, with a newly minted identity token
    /// when the fragment holds one. The panel keeps its instance id. A plan that cannot launch, or whose template has
    /// no fragment, comes back unchanged. A change of module context (release, sprint, pipeline …) is not a fragment
    /// update: it rebuilds the whole URL with <see cref="Plan(ActionDefinition, LaunchContext, ActionPolicy, EntityTypeTree)"/>.
    /// </summary>
    /// <param name="plan">The plan the panel was opened with (or the last update).</param>
    /// <param name="context">The context with the new selection.</param>
    /// <param name="policy">The site policy (identity tokens).</param>
    /// <param name="tree">The entity-type tree.</param>
    /// <returns>The plan with the new URL.</returns>
    public static LaunchPlan UpdateFragment(LaunchPlan plan, LaunchContext context, ActionPolicy policy, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tree);
        if (!plan.CanLaunch || plan.Url is null || plan.Template is not { HasFragment: true } template)
        {
            return plan;
        }

        var selection = Selection.Of(plan.Action, template, context, tree);
        var values = Selection.TokenValues(selection, context, tree, plan.InstanceId) with
        {
            MintIdentityToken = MinterFor(plan.Action, context, policy),
        };
        var expansion = template.UpdateFragment(plan.Url, values);
        return plan with { Url = UrlScheme.Normalize(expansion.Url), UnresolvedFields = expansion.UnresolvedFields };
    }

    private static Func<string>? MinterFor(ActionDefinition action, LaunchContext context, ActionPolicy policy) =>
        policy.IdentityTokensEnabled && context.MintIdentityToken is { } mint ? () => mint(action.Name) : null;
}
