using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Trellis.Actions.Bundles;
using Trellis.Actions.Diagnostics;
using Trellis.Application.Errors;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>The bundle error codes of docs/reference/bundles.md and the Octane errors that carry them.</summary>
internal static class BundleErrors
{
    public const string BundleRejected = "external_actions.bundle_rejected";
    public const string BundleTooLarge = "external_actions.bundle_too_large";
    public const string BundlesDisabled = "external_actions.bundles_disabled";
    public const string EntryOwned = "external_actions.entry_owned";
    public const string QuotaExceeded = "external_actions.quota_exceeded";
    public const string GuidMismatch = "external_actions.guid_mismatch";
    public const string InvalidConfiguration = "external_actions.invalid_configuration";
    public const string ConfigurationUnavailable = "external_actions.configuration_unavailable";

    public static OctaneError Rejected(BundleReadResult read) => new(
        read.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
        read.TooLarge ? BundleTooLarge : BundleRejected,
        read.Reasons.Length == 1 ? read.Reasons[0].Message : $"{read.Reasons.Length} entries of the bundle were refused.")
    {
        List = new("reasons", new JsonArray([.. read.Reasons.Select(r => new JsonObject { ["entry"] = r.Entry, ["code"] = r.Code, ["message"] = r.Message })])),
    };

    public static OctaneError InvalidConfig(ImmutableArray<Diagnostic> diagnostics) =>
        OctaneError.BadRequest(InvalidConfiguration, $"{BundleLimits.ConfigurationFileName} is not a valid action.") with
        {
            List = new("diagnostics", ToJson(diagnostics)),
        };

    public static OctaneError Disabled() =>
        new(StatusCodes.Status403Forbidden, BundlesDisabled, "Bundles are turned off (SUPPORT_EXTERNAL_ENTITY_ACTIONS_BUNDLE=false).");

    public static OctaneError Owned(string entry, string ownerGuid, string? ownerAction) => new(
        StatusCodes.Status409Conflict,
        EntryOwned,
        $"The entry '{entry}' belongs to bundle {ownerGuid}{(ownerAction is null ? "" : $" (action '{ownerAction}')")}.",
        ownerAction is null
            ? FrozenDictionary.Create(StringComparer.Ordinal, KeyValuePair.Create("entry", entry), KeyValuePair.Create("owner_guid", ownerGuid))
            : FrozenDictionary.Create(StringComparer.Ordinal, KeyValuePair.Create("entry", entry), KeyValuePair.Create("owner_guid", ownerGuid), KeyValuePair.Create("owner_action", ownerAction)));

    public static OctaneError Quota(string description) => new(StatusCodes.Status409Conflict, QuotaExceeded, description);

    public static OctaneError Duplicate(string name) =>
        new(StatusCodes.Status409Conflict, OctaneErrorCodes.DuplicateEntity, $"An action named '{name}' already exists; replace its bundle with PUT …/{name}/bundle.");

    public static OctaneError Unavailable() => new(
        StatusCodes.Status501NotImplemented,
        ConfigurationUnavailable,
        "This server cannot store actions from bundles; upload the files without action-configuration.json.");

    public static JsonArray ToJson(IEnumerable<Diagnostic> diagnostics) => new([.. diagnostics.Select(d => new JsonObject
    {
        ["severity"] = d.SeverityName,
        ["code"] = d.Code,
        ["message"] = d.Message,
        ["pointer"] = d.Pointer,
        ["line"] = d.Line,
        ["column"] = d.Column,
    })]);
}
