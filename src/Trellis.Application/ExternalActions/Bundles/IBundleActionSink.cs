using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Trellis.Actions.Diagnostics;
using Trellis.Data;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>
/// The configuration store as bundle uploads see it: finds an action by name and saves the action a bundle's
/// <c>action-configuration.json</c> carries, as a new configuration version (source <c>bundle</c>) inside the
/// upload's own transaction, so files and configuration change together or not at all (docs/reference/bundles.md#limits).
/// </summary>
internal interface IBundleActionSink
{
    /// <summary>Finds an action of the space's current configuration by name, case-insensitively.</summary>
    /// <param name="sharedSpaceId">The shared space.</param>
    /// <param name="name">The name from the URL.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The action's guid and stored name, or <see langword="null"/> when there is none.</returns>
    Task<BundleActionInfo?> FindByNameAsync(long sharedSpaceId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the action (<paramref name="replacingActionGuid"/> is <see langword="null"/>: <c>POST …/bundle</c>) or
    /// replaces the definition of the action with that guid, which keeps its guid (<c>PUT …/{name}/bundle</c>).
    /// Validates the whole resulting configuration with the current policy, records <paramref name="bundleGuid"/>
    /// as the action's <c>bundle_guid</c>, adds the version and its audit line to <paramref name="transaction"/>
    /// without saving it: the caller saves and commits.
    /// </summary>
    /// <param name="sharedSpaceId">The shared space.</param>
    /// <param name="rawActionJson">The action object exactly as uploaded (it passed the bundle-format parser).</param>
    /// <param name="bundleGuid">The bundle that now belongs to the action.</param>
    /// <param name="userId">The uploader, the version's author.</param>
    /// <param name="transaction">The context of the upload's open transaction.</param>
    /// <param name="replacingActionGuid">The action being replaced, or <see langword="null"/> to create one.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What happened; nothing is added to the context unless the outcome is a success.</returns>
    Task<BundleActionResult> UpsertFromBundleAsync(
        long sharedSpaceId,
        string rawActionJson,
        string bundleGuid,
        long userId,
        TrellisDbContext transaction,
        string? replacingActionGuid,
        CancellationToken cancellationToken);
}

/// <summary>An action as bundle uploads need it.</summary>
/// <param name="Guid">The action's stable guid.</param>
/// <param name="Name">The action's stored name.</param>
internal sealed record BundleActionInfo(string Guid, string Name);

/// <summary>What <see cref="IBundleActionSink.UpsertFromBundleAsync"/> did.</summary>
internal enum BundleActionOutcome
{
    /// <summary>A new action was added to the configuration.</summary>
    Created,

    /// <summary>The action's definition was replaced; its guid is unchanged.</summary>
    Replaced,

    /// <summary>Creation refused: an action of that name (case-insensitive) exists (409 <c>platform.duplicate_entity_error</c>).</summary>
    Duplicate,

    /// <summary>The resulting configuration is invalid (400 <c>external_actions.invalid_configuration</c>).</summary>
    Invalid,
}

/// <summary>The result of saving a bundle's action.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Action">The stored action (with its <c>guid</c> and <c>bundle_guid</c>) on success.</param>
/// <param name="Diagnostics">Warnings on success; the errors when <see cref="BundleActionOutcome.Invalid"/>.</param>
internal sealed record BundleActionResult(BundleActionOutcome Outcome, BundleActionStored? Action, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>The stored action a successful upload returns.</summary>
/// <param name="Guid">The action's guid.</param>
/// <param name="Name">The action's name.</param>
/// <param name="Json">The action object as the configuration API returns it.</param>
internal sealed record BundleActionStored(string Guid, string Name, JsonObject Json);
