using Trellis.Actions.Diagnostics;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Configuration;

/// <summary>The <c>url</c> rules (XA1501–XA1513, XA1808, XA1810).</summary>
internal sealed partial class ConfigValidator
{
    private const string ChipUrlPrefix = "{bundle_url}/";

    private readonly List<string> _reportedTokens = [];

    private void CheckUrl(Kind kind)
    {
        var a = _action;
        if (kind == Kind.AviatorChip)
        {
            // Octane JSON: a chip's prompt is either inline or a bundle file, never both, never neither.
            if (a.Url.Present == a.ModePrompt.Present)
            {
                ErrorOnAction(
                    DiagnosticCodes.ChipUrlAndPrompt,
                    a.Url.Present
                        ? "An Aviator chip takes either url (a prompt file) or mode.prompt, not both."
                        : "An Aviator chip needs either mode.prompt or url (a prompt file in a bundle).");
            }
        }
        else if (!a.Url.Present && kind != Kind.Unknown)
        {
            ErrorOnAction(DiagnosticCodes.UrlMissing, "url is required.");
        }

        if (!a.Url.Present)
        {
            return;
        }

        var url = a.Url;
        if (!url.IsString || url.Text!.Length == 0 || url.Text.Length > ActionDefaults.MaxUrlLength)
        {
            Error(DiagnosticCodes.UrlInvalid, "url must be text of 1 to 4096 characters.", "/url", url.Offset);
            return;
        }

        var template = UrlTemplate.Compile(url.Text);
        if (kind == Kind.AviatorChip)
        {
            // A chip's url names a prompt file, which can only live in a bundle.
            if (!url.Text.StartsWith(ChipUrlPrefix, StringComparison.Ordinal))
            {
                Error(DiagnosticCodes.ChipUrlNotBundle, "An Aviator chip's url must start with {bundle_url}/ (a prompt file in a bundle).", "/url", url.Offset);
            }
        }
        else
        {
            CheckUrlTarget(kind, template, url);
        }

        CheckTokens(kind, template, url.Offset);
    }

    private void CheckUrlTarget(Kind kind, UrlTemplate template, RecordedValue url)
    {
        var framed = kind == Kind.SidePanel || (kind == Kind.Button && _action.Dialog.Present);
        if (template.Parts[0].Token is { Kind: TokenKind.BundleUrl or TokenKind.OctaneUrl })
        {
            return;
        }

        // A leading token other than the two base URLs is a value, encoded at launch, so it can never be a scheme.
        if (template.Parts[0].Token is not null || !UrlScheme.TryRead(url.Text!, out var scheme))
        {
            Error(DiagnosticCodes.UrlNotAbsolute, "url must be absolute (such as https://…) or start with {bundle_url} or {octane_url}.", "/url", url.Offset);
            return;
        }

        if (ProtocolPolicy.IsAlwaysForbidden(scheme) || !_policy.Protocols.Allows(scheme))
        {
            Error(DiagnosticCodes.UrlProtocolNotAllowed, $"The {scheme}: scheme is not allowed (allowed: {string.Join(", ", _policy.Protocols.AllowedSchemes)}).", "/url", url.Offset);
        }

        if (framed && scheme is not ("http" or "https"))
        {
            var what = kind == Kind.SidePanel ? "A side panel" : "A dialog";
            Error(DiagnosticCodes.UrlFramedNeedsHttp, $"{what} shows its url in a frame, so it must use http or https, or start with {{bundle_url}} or {{octane_url}}.", "/url", url.Offset);
        }
    }

    private void CheckTokens(Kind kind, UrlTemplate template, int offset)
    {
        if (template.Tokens.IsEmpty)
        {
            return;
        }

        _reportedTokens.Clear();
        var singleEntityReported = false;
        var bundleReported = false;
        var isTabOrChip = kind == Kind.AviatorChip || (kind == Kind.Button && !_action.Dialog.Present);
        var isPipelinesPanel = kind == Kind.SidePanel
            && _action.ModeModules.Items.Exists(m => m.IsString && m.Text == Modules.Pipelines);
        foreach (var token in template.Tokens)
        {
            if (token.Kind == TokenKind.Unknown)
            {
                if (token.IsTooDeepEntityField)
                {
                    WarnOnce(DiagnosticCodes.UrlEntityFieldTooDeep, token, $"{token.Text} reaches more than two levels into the entity, so it is not a token and stays as written.", offset);
                }
                else
                {
                    WarnOnce(DiagnosticCodes.UrlUnknownToken, token, $"{token.Text} is not a known token; it stays as written.", offset);
                }

                continue;
            }

            if (token.MakesSingleEntity && !_action.SingleEntity.IsTrue && !singleEntityReported)
            {
                singleEntityReported = true;
                Warning(DiagnosticCodes.UrlEntityTokenWithoutSingleEntity, $"{token.Text} needs exactly one selected entity; set single_entity to true to say so (the action is enabled only for one entity either way).", "/url", offset);
            }

            if (kind == Kind.SidePanel && token.IsSelectionToken && !token.InFragment)
            {
                WarnOnce(DiagnosticCodes.UrlPanelSelectionBeforeFragment, token, $"{token.Text} comes before '#': a side panel updates only the fragment when the selection changes, so this value will not follow it.", offset);
            }

            if ((token.Kind is TokenKind.DialogId or TokenKind.PanelId) && isTabOrChip)
            {
                WarnOnce(DiagnosticCodes.UrlTokenNeverSet, token, $"{token.Text} is empty here: only dialogs and side panels have an instance id.", offset);
            }

            if ((token.Kind is TokenKind.ContextPipeline or TokenKind.ContextPipelineRun) && kind != Kind.Unknown && !isPipelinesPanel)
            {
                WarnOnce(DiagnosticCodes.UrlTokenNeverSet, token, $"{token.Text} is set only in a side panel of the pipelines module.", offset);
            }

            if (token.Kind == TokenKind.BundleUrl && !_policy.BundlesEnabled && !bundleReported)
            {
                bundleReported = true;
                Warning(DiagnosticCodes.UrlBundleWhileDisabled, "{bundle_url} is used while bundles are disabled (SUPPORT_EXTERNAL_ENTITY_ACTIONS_BUNDLE), so the action stays disabled.", "/url", offset);
            }
        }
    }

    // Once per code and distinct token text in one url.
    private void WarnOnce(string code, TemplateToken token, string message, int offset)
    {
        var key = code + token.Name;
        if (!_reportedTokens.Contains(key))
        {
            _reportedTokens.Add(key);
            Warning(code, message, "/url", offset);
        }
    }
}
