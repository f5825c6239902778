namespace Trellis.Actions.Diagnostics;

/// <summary>
/// The stable diagnostic codes of docs/reference/configuration-rules.md#validation, declared once. Tests and clients match on codes, never on messages.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>XA1001: Not valid JSON (comments, trailing commas and duplicate keys included).</summary>
    public const string InvalidJson = "XA1001";

    /// <summary>XA1002: The editor format needs a top-level array.</summary>
    public const string EditorNeedsArray = "XA1002";

    /// <summary>XA1003: The bundle format needs one object, not an array.</summary>
    public const string BundleNeedsObject = "XA1003";

    /// <summary>XA1004: An element of the editor array is not an object.</summary>
    public const string ElementNotObject = "XA1004";

    /// <summary>XA1006: Unknown property; kept, but ignored (warning).</summary>
    public const string UnknownProperty = "XA1006";

    /// <summary>XA1008: More than 5,000 actions, or larger than 8 MiB.</summary>
    public const string TooLarge = "XA1008";

    /// <summary>XA1101: <c>name</c> is missing, not a string, or empty.</summary>
    public const string NameMissing = "XA1101";

    /// <summary>XA1102: <c>name</c> duplicates an earlier name (case-insensitive).</summary>
    public const string NameDuplicate = "XA1102";

    /// <summary>XA1103: <c>name</c> breaks the syntax, length or reserved-name rule.</summary>
    public const string NameInvalid = "XA1103";

    /// <summary>XA1201: <c>title</c> is missing, not a string, empty, or longer than 200 characters.</summary>
    public const string TitleInvalid = "XA1201";

    /// <summary>XA1203: Unknown icon; the default is used (warning).</summary>
    public const string IconUnknown = "XA1203";

    /// <summary>XA1204: <c>icon</c> or <c>tooltip</c> is not a string, or the tooltip is longer than 500 characters.</summary>
    public const string IconOrTooltipInvalid = "XA1204";

    /// <summary>XA1301: <c>entity_type</c> is missing, not an array, or empty.</summary>
    public const string EntityTypeMissing = "XA1301";

    /// <summary>XA1302: An <c>entity_type</c> element is not a string.</summary>
    public const string EntityTypeNotString = "XA1302";

    /// <summary>XA1303: An <c>entity_type</c> element is not a type or aggregate of docs/reference/configuration-rules.md#entity-types.</summary>
    public const string EntityTypeUnknown = "XA1303";

    /// <summary>XA1304: An <c>entity_type</c> element is a duplicate, or covered by an aggregate in the list (warning).</summary>
    public const string EntityTypeDuplicate = "XA1304";

    /// <summary>XA1401: <c>views</c> is missing, not an array, or empty.</summary>
    public const string ViewsMissing = "XA1401";

    /// <summary>XA1402: A <c>views</c> element is neither <c>list</c> nor <c>details</c>.</summary>
    public const string ViewUnknown = "XA1402";

    /// <summary>XA1403: A <c>views</c> element is a duplicate (warning).</summary>
    public const string ViewDuplicate = "XA1403";

    /// <summary>XA1501: <c>url</c> is missing where it is required.</summary>
    public const string UrlMissing = "XA1501";

    /// <summary>XA1502: <c>url</c> is not a string, empty, or longer than 4096 characters.</summary>
    public const string UrlInvalid = "XA1502";

    /// <summary>XA1503: The URL scheme is not allowed by the protocol policy, or always forbidden.</summary>
    public const string UrlProtocolNotAllowed = "XA1503";

    /// <summary>XA1504: The URL is neither absolute nor starts with <c>{bundle_url}</c> or <c>{octane_url}</c>.</summary>
    public const string UrlNotAbsolute = "XA1504";

    /// <summary>XA1505: Unknown token, left literally (warning).</summary>
    public const string UrlUnknownToken = "XA1505";

    /// <summary>XA1506: <c>{entity.…}</c> or <c>{entity_id}</c> without <c>single_entity: true</c> (warning).</summary>
    public const string UrlEntityTokenWithoutSingleEntity = "XA1506";

    /// <summary>XA1507: <c>{entity.a.b.c}</c> has more than two levels, so the token is unknown (warning).</summary>
    public const string UrlEntityFieldTooDeep = "XA1507";

    /// <summary>XA1508: A dialog or panel URL must use http/https, or start with <c>{bundle_url}</c> or <c>{octane_url}</c>.</summary>
    public const string UrlFramedNeedsHttp = "XA1508";

    /// <summary>XA1511: A side panel has a selection token before <c>#</c>, so it will not update (warning).</summary>
    public const string UrlPanelSelectionBeforeFragment = "XA1511";

    /// <summary>XA1512: A token that is never set in this mode (warning).</summary>
    public const string UrlTokenNeverSet = "XA1512";

    /// <summary>XA1513: <c>{bundle_url}</c> used while bundles are disabled (warning).</summary>
    public const string UrlBundleWhileDisabled = "XA1513";

    /// <summary>XA1514: The host of a web URL is not a valid host name, or its port not a number, after its tokens are expanded (warning).</summary>
    public const string UrlHostInvalid = "XA1514";

    /// <summary>XA1601: <c>single_entity</c> or <c>events</c> is not a boolean.</summary>
    public const string FlagNotBoolean = "XA1601";

    /// <summary>XA1603: <c>dialog</c> is not <c>small</c>, <c>medium</c> or <c>large</c>.</summary>
    public const string DialogInvalid = "XA1603";

    /// <summary>XA1604: <c>dialog</c> is set on a panel or chip.</summary>
    public const string DialogNotForKind = "XA1604";

    /// <summary>XA1605: <c>events</c> is set on a chip, where it is ignored (warning).</summary>
    public const string EventsOnChip = "XA1605";

    /// <summary>XA1701: Both <c>workspaces</c> and <c>exclude_workspaces</c> are present.</summary>
    public const string WorkspacesBoth = "XA1701";

    /// <summary>XA1702: <c>workspaces</c>/<c>exclude_workspaces</c> is not an array, or holds an element that is not a positive integer.</summary>
    public const string WorkspacesInvalid = "XA1702";

    /// <summary>XA1703: <c>workspaces: []</c>: the action appears nowhere (warning).</summary>
    public const string WorkspacesEmpty = "XA1703";

    /// <summary>XA1704: A workspace given as a digit string; treated as a number (warning).</summary>
    public const string WorkspaceDigitString = "XA1704";

    /// <summary>XA1705: A duplicate workspace (warning).</summary>
    public const string WorkspaceDuplicate = "XA1705";

    /// <summary>XA1801: <c>mode</c> is not an object.</summary>
    public const string ModeNotObject = "XA1801";

    /// <summary>XA1802: <c>mode.name</c> is missing, or neither <c>side_panel</c> nor <c>aviator_chat</c>.</summary>
    public const string ModeNameInvalid = "XA1802";

    /// <summary>XA1803: A side panel without a non-empty array of module strings.</summary>
    public const string ModeModulesInvalid = "XA1803";

    /// <summary>XA1805: Unknown module (warning).</summary>
    public const string ModeModuleUnknown = "XA1805";

    /// <summary>XA1806: <c>mode.prompt</c> is not a string, or empty.</summary>
    public const string ModePromptInvalid = "XA1806";

    /// <summary>XA1807: <c>mode.prompt</c> is longer than 1500 characters.</summary>
    public const string ModePromptTooLong = "XA1807";

    /// <summary>XA1808: A chip with both <c>url</c> and <c>mode.prompt</c>, or with neither.</summary>
    public const string ChipUrlAndPrompt = "XA1808";

    /// <summary>XA1809: A <c>mode</c> property that belongs to the other kind, so it is ignored (warning).</summary>
    public const string ModePropertyOtherKind = "XA1809";

    /// <summary>XA1810: A chip URL must start with <c>{bundle_url}/</c>.</summary>
    public const string ChipUrlNotBundle = "XA1810";
}
