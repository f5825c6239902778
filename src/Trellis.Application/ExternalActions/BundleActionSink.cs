using System.Text.Json.Nodes;
using Trellis.Application.ExternalActions.Bundles;
using Trellis.Data;

namespace Trellis.Application.ExternalActions;

/// <summary>
/// Bundle uploads' view of the configuration store (docs/reference/bundles.md#endpoints): names are looked up in the space's current
/// version, and a bundle's action becomes a new version (source <c>bundle</c>) inside the upload's transaction.
/// </summary>
internal sealed class BundleActionSink(TrellisDbContext db, ActionConfigurationStore store) : IBundleActionSink
{
    /// <inheritdoc />
    public async Task<BundleActionInfo?> FindByNameAsync(long sharedSpaceId, string name, CancellationToken cancellationToken)
    {
        var (_, json) = await ActionConfigurationStore.LatestAsync(db, sharedSpaceId, cancellationToken);
        return JsonNode.Parse(json)!.AsArray().OfType<JsonObject>()
            .Where(a => string.Equals(a["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase) && a["guid"] is not null)
            .Select(a => new BundleActionInfo(a["guid"]!.GetValue<string>(), a["name"]!.GetValue<string>()))
            .FirstOrDefault();
    }

    /// <inheritdoc />
    public Task<BundleActionResult> UpsertFromBundleAsync(
        long sharedSpaceId, string rawActionJson, string bundleGuid, long userId, TrellisDbContext transaction, string? replacingActionGuid,
        CancellationToken cancellationToken) =>
        store.StageBundleActionAsync(transaction, sharedSpaceId, rawActionJson, bundleGuid, userId, replacingActionGuid, cancellationToken);
}
