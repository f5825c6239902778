using Trellis.Actions.Diagnostics;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Configuration;

/// <summary>The <c>url</c> rules (XA1501–XA1514, XA1808, XA1810).</summary>
internal sealed partial class ConfigValidator
{
    private const string ChipUrlPrefix = "{bundle_url}/";

    // (code, token name) pairs already reported for the url being checked: warnings come once per distinct token.
    private readonly List<(string Code, string Name)> _reportedTokens = [];

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
            CheckUrlTarget(kind, url.Text, url.Offset);
        }

        CheckTokens(kind, url.Text, url.Offset);
    }

    private void CheckUrlTarget(Kind kind, string url, int offset)
    {
        // The two base URLs are inserted raw and always allowed; any other leading token is a value, encoded at
        // launch, so it can never be a scheme.
        var leadingToken = url[0] == '{' ? UrlTemplate.TokenNameLength(url, 0) : -1;
        if (leadingToken >= 0)
        {
            if (UrlTemplate.KindOf(url.AsSpan(1, leadingToken)) is not (TokenKind.BundleUrl or TokenKind.OctaneUrl))
            {
                Error(DiagnosticCodes.UrlNotAbsolute, "url must not start with a value token: it must be absolute (such as https://…) or start with {bundle_url} or {octane_url}.", "/url", offset);
            }

            return;
        }

        var schemeLength = UrlScheme.SchemeLength(url);
        if (schemeLength < 0)
        {
            Error(DiagnosticCodes.UrlNotAbsolute, "url must be absolute (such as https://…) or start with {bundle_url} or {octane_url}.", "/url", offset);
            return;
        }

        var scheme = CommonScheme(url.AsSpan(0, schemeLength)) ?? url[..schemeLength].ToLowerInvariant();

        if (ProtocolPolicy.IsAlwaysForbidden(scheme) || !_policy.Protocols.Allows(scheme))
        {
            Error(DiagnosticCodes.UrlProtocolNotAllowed, $"The {scheme}: scheme is not allowed (allowed: {string.Join(", ", _policy.Protocols.AllowedSchemes)}).", "/url", offset);
        }

        var framed = kind == Kind.SidePanel || (kind == Kind.Button && _action.Dialog.Present);
        if (framed && scheme is not ("http" or "https"))
        {
            var what = kind == Kind.SidePanel ? "A side panel" : "A dialog";
            Error(DiagnosticCodes.UrlFramedNeedsHttp, $"{what} shows its url in a frame, so it must use http or https, or start with {{bundle_url}} or {{octane_url}}.", "/url", offset);
        }

        if (scheme is "http" or "https" && InvalidAuthorityAfterExpansion(url) is { } authority)
        {
            Warning(DiagnosticCodes.UrlHostInvalid, $"The host of url, \"{authority}\", is not a valid host name (or its port is not a number), so a browser cannot open it; replace any placeholder with the app's real host, such as https://app.example.com:8443/.", "/url", offset);
        }
    }

    // The authority as written when it is invalid whatever the tokens in it expand to (each known token is taken as
    // a plain label, "0"; an unknown token stays literally, as at launch); null when it is valid.
    private static string? InvalidAuthorityAfterExpansion(string url)
    {
        var (start, length) = UrlHost.AuthorityOf(url);
        if (start < 0)
        {
            return null;
        }

        var authority = url.AsSpan(start, length);
        if (!authority.Contains('{'))
        {
            // Nearly every url: nothing to expand, nothing allocated.
            return UrlHost.IsValidAuthority(authority) ? null : authority.ToString();
        }

        var expanded = new System.Text.StringBuilder(length);
        for (var i = 0; i < authority.Length; i++)
        {
            var name = authority[i] == '{' ? UrlTemplate.TokenNameLength(authority, i) : -1;
            if (name >= 0 && UrlTemplate.KindOf(authority.Slice(i + 1, name)) != TokenKind.Unknown)
            {
                expanded.Append('0');
                i += name + 1;
            }
            else
            {
                expanded.Append(authority[i]);
            }
        }

        return UrlHost.IsValidAuthority(expanded.ToString()) ? null : authority.ToString();
    }

    private void CheckTokens(Kind kind, string url, int offset)
    {
        _reportedTokens.Clear();
        var singleEntityReported = false;
        var bundleReported = false;
        var isTabOrChip = kind == Kind.AviatorChip || (kind == Kind.Button && !_action.Dialog.Present);
        var isPipelinesPanel = kind == Kind.SidePanel && HasModule(Modules.Pipelines);
        var tokens = UrlTemplate.ScanTokens(url);
        while (tokens.MoveNext())
        {
            var token = tokens.Kind;
            if (token == TokenKind.Unknown)
            {
                if (tokens.IsTooDeepEntityField)
                {
                    WarnOnce(DiagnosticCodes.UrlEntityFieldTooDeep, tokens.Name, "{{{0}}} reaches more than two levels into the entity, so it is not a token and stays as written.", offset);
                }
                else
                {
                    WarnOnce(DiagnosticCodes.UrlUnknownToken, tokens.Name, "{{{0}}} is not a known token; it stays as written.", offset);
                }

                continue;
            }

            if (TokenKinds.MakesSingleEntity(token) && !_action.SingleEntity.IsTrue && !singleEntityReported)
            {
                singleEntityReported = true;
                Warning(DiagnosticCodes.UrlEntityTokenWithoutSingleEntity, $"{{{tokens.Name}}} needs exactly one selected entity; set single_entity to true to say so (the action is enabled only for one entity either way).", "/url", offset);
            }

            if (kind == Kind.SidePanel && TokenKinds.IsSelection(token) && !tokens.InFragment)
            {
                WarnOnce(DiagnosticCodes.UrlPanelSelectionBeforeFragment, tokens.Name, "{{{0}}} comes before '#': a side panel updates only the fragment when the selection changes, so this value will not follow it.", offset);
            }

            if (token is TokenKind.DialogId or TokenKind.PanelId && isTabOrChip)
            {
                WarnOnce(DiagnosticCodes.UrlTokenNeverSet, tokens.Name, "{{{0}}} is empty here: only dialogs and side panels have an instance id.", offset);
            }

            if (token is TokenKind.ContextPipeline or TokenKind.ContextPipelineRun && kind != Kind.Unknown && !isPipelinesPanel)
            {
                WarnOnce(DiagnosticCodes.UrlTokenNeverSet, tokens.Name, "{{{0}}} is set only in a side panel of the pipelines module.", offset);
            }

            if (token == TokenKind.BundleUrl && !_policy.BundlesEnabled && !bundleReported)
            {
                bundleReported = true;
                Warning(DiagnosticCodes.UrlBundleWhileDisabled, "{bundle_url} is used while bundles are disabled (SUPPORT_EXTERNAL_ENTITY_ACTIONS_BUNDLE), so the action stays disabled.", "/url", offset);
            }
        }
    }

    // The schemes nearly every url has, without allocating their lower-case form.
    private static string? CommonScheme(ReadOnlySpan<char> scheme) => scheme switch
    {
        _ when scheme.Equals("https", StringComparison.OrdinalIgnoreCase) => "https",
        _ when scheme.Equals("http", StringComparison.OrdinalIgnoreCase) => "http",
        _ when scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase) => "mailto",
        _ => null,
    };

    private bool HasModule(string module)
    {
        foreach (var item in _action.ModeModules.Items)
        {
            if (item.IsString && item.Text == module)
            {
                return true;
            }
        }

        return false;
    }

    // Once per code and distinct token name in one url; the format's {0} is the token name.
    private void WarnOnce(string code, ReadOnlySpan<char> name, string format, int offset)
    {
        foreach (var (reportedCode, reportedName) in _reportedTokens)
        {
            if (reportedCode == code && name.SequenceEqual(reportedName))
            {
                return;
            }
        }

        var text = name.ToString();
        _reportedTokens.Add((code, text));
        Warning(code, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, text), "/url", offset);
    }
}
